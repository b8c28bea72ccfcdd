package io.jobservice.scheduling;

import java.time.Clock;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.jobservice.queue.DueJobs;
import io.jobservice.queue.RedisAccessException;
import io.jobservice.queue.RedisConnector;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves Scheduled jobs onto their queues at their run time (decisions D3): a thread that sleeps until the earliest
 * entry of the scheduled zset is due, woken at once when this node schedules an earlier job, and looking again at
 * least every {@code maxSleepMs} for jobs other nodes scheduled. The once-a-second Quartz sweep of
 * {@link Requeuer} stays as the safety net.
 */
public final class ScheduledJobTimer extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledJobTimer.class);
    private static final int BATCH = 500;

    private final DueJobs dueJobs;
    private final Clock clock;
    private final Supplier<? extends Collection<String>> jobTypes;
    private final Runnable onMoved;
    private final long maxSleepMs;
    private final Object lock = new Object();
    private long wakeAtMs = Long.MAX_VALUE;
    private final ExecutorServiceManager executors;
    private volatile boolean running;
    private ExecutorService executor;

    /** @param jobTypes the types the cluster runs: a due entry of another type goes to the dead set */
    public ScheduledJobTimer(DueJobs dueJobs, Clock clock, Supplier<? extends Collection<String>> jobTypes,
                             Runnable onMoved, long maxSleepMs, ExecutorServiceManager executors) {
        this.dueJobs = dueJobs;
        this.executors = executors;
        this.clock = clock;
        this.jobTypes = jobTypes;
        this.onMoved = onMoved;
        this.maxSleepMs = maxSleepMs;
    }

    @Override
    protected void doStart() {
        running = true;
        executor = executors.newSingleThreadExecutor(this, "scheduled-job-timer");
        executor.execute(this::loop);
    }

    @Override
    protected void doStop() throws InterruptedException {
        running = false;
        synchronized (lock) {
            lock.notifyAll();
        }
        executors.shutdown(executor);
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Tells the timer a job was scheduled for {@code runAtSeconds}; wakes it when that is earlier than planned. */
    public void scheduled(long runAtSeconds) {
        synchronized (lock) {
            if (runAtSeconds * 1000 < wakeAtMs) {
                wakeAtMs = runAtSeconds * 1000;
                lock.notifyAll();
            }
        }
    }

    private void loop() {
        while (running) {
            long sleepMs;
            try {
                sleepMs = moveDueAndPlan();
            } catch (RedisAccessException e) {
                LOG.debug("Scheduled job timer cannot reach Redis: {}", RedisConnector.rootMessage(e));
                sleepMs = maxSleepMs;
            } catch (RuntimeException e) {
                LOG.error("Scheduled job timer failed", e);
                sleepMs = maxSleepMs;
            }
            synchronized (lock) {
                long now = clock.millis();
                wakeAtMs = Math.min(wakeAtMs, now + sleepMs);
                long wait = wakeAtMs - now;
                if (wait > 0 && running) {
                    try {
                        lock.wait(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                wakeAtMs = Long.MAX_VALUE;
            }
        }
    }

    /** Moves what is due; returns how long to sleep until the next entry is due. */
    private long moveDueAndPlan() {
        long moved = 0;
        while (true) {
            long now = clock.millis();
            Long earliest = dueJobs.earliestScheduled();
            if (earliest == null || earliest * 1000 > now) {
                if (moved > 0) {
                    onMoved.run();
                }
                return earliest == null ? maxSleepMs : Math.min(maxSleepMs, earliest * 1000 - now);
            }
            long movedNow = dueJobs.moveDueScheduled(now / 1000, BATCH, jobTypes.get());
            if (movedNow == 0) {
                // a fractional score from another writer is due only in the next second
                if (moved > 0) {
                    onMoved.run();
                }
                return 10;
            }
            moved += movedNow;
        }
    }
}
