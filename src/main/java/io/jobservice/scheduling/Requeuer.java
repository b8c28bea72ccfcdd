package io.jobservice.scheduling;

import java.time.Clock;
import java.util.Collection;
import java.util.function.Supplier;

import io.jobservice.queue.DueJobs;
import io.jobservice.queue.RedisAccessException;
import io.jobservice.queue.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves due Scheduled jobs and retries onto their queues (gocraft's requeuer). Triggered every second by the
 * housekeeping route; each call drains what is due in batches.
 */
public final class Requeuer {

    private static final Logger LOG = LoggerFactory.getLogger(Requeuer.class);
    private static final int BATCH = 500;

    private final DueJobs dueJobs;
    private final Clock clock;
    private final Supplier<? extends Collection<String>> jobTypes;
    private final Runnable onMoved;

    /**
     * @param jobTypes the types the cluster runs: a due entry of another type goes to the dead set (contract 6.1)
     * @param onMoved  called when jobs were moved, to wake the local fetcher
     */
    public Requeuer(DueJobs dueJobs, Clock clock, Supplier<? extends Collection<String>> jobTypes, Runnable onMoved) {
        this.dueJobs = dueJobs;
        this.clock = clock;
        this.jobTypes = jobTypes;
        this.onMoved = onMoved;
    }

    /** Moves everything due now; returns how many jobs moved. */
    public long runOnce() {
        long now = clock.millis() / 1000;
        long total = 0;
        try {
            Collection<String> types = jobTypes.get();
            long moved;
            do {
                moved = dueJobs.moveDueScheduled(now, BATCH, types) + dueJobs.moveDueRetries(now, BATCH, types);
                total += moved;
            } while (moved > 0);
        } catch (RedisAccessException e) {
            LOG.warn("Cannot move due jobs: {}", RedisConnector.rootMessage(e));
        }
        if (total > 0) {
            onMoved.run();
        }
        return total;
    }
}
