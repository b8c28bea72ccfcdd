package io.jobservice.hook;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.jobservice.queue.HookEventStore;
import io.jobservice.queue.RedisAccessException;
import io.jobservice.queue.RedisConnector;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims jobs whose hook events are due (new ones at once, parked ones when their back-off is over) and hands each
 * to the delivery route; a claim keeps other nodes off the job, so one job's events go out one at a time, in order,
 * while different jobs go out in parallel. Runs every {@code periodMs} on its own thread.
 */
public final class HookSweeper extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(HookSweeper.class);
    private static final int BATCH = 500;

    private final HookEventStore events;
    private final Consumer<String> deliver;
    private final Clock clock;
    private final long periodMs;
    private final long leaseMs;
    private final ExecutorServiceManager executors;
    private volatile boolean running;
    private ExecutorService executor;

    /**
     * @param deliver hands a job id to the delivery route
     * @param leaseMs how long a claim on a job holds if its node dies; longer than a delivery with its redeliveries
     */
    public HookSweeper(HookEventStore events, Consumer<String> deliver, Clock clock, long periodMs, long leaseMs,
                       ExecutorServiceManager executors) {
        this.events = events;
        this.executors = executors;
        this.deliver = deliver;
        this.clock = clock;
        this.periodMs = periodMs;
        this.leaseMs = leaseMs;
    }

    @Override
    protected void doStart() {
        running = true;
        executor = executors.newSingleThreadExecutor(this, "hook-sweeper");
        executor.execute(this::loop);
    }

    @Override
    protected void doStop() throws InterruptedException {
        running = false;
        // interrupts the sleep between sweeps
        executors.shutdownNow(executor);
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Claims due jobs and hands them to the route; returns how many. */
    public int runOnce() {
        List<String> claimed = events.claimDue(clock.millis(), leaseMs, BATCH);
        claimed.forEach(deliver);
        return claimed.size();
    }

    private void loop() {
        while (running) {
            int claimed = 0;
            try {
                claimed = runOnce();
            } catch (RedisAccessException e) {
                LOG.debug("Hook sweeper cannot reach Redis: {}", RedisConnector.rootMessage(e));
            } catch (RuntimeException e) {
                if (running) {
                    LOG.error("Hook sweeper failed", e);
                }
            }
            if (claimed >= BATCH) {
                continue;
            }
            try {
                Thread.sleep(periodMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
