package io.jobservice.scheduling;

import java.time.Clock;

import io.jobservice.queue.DueJobs;
import io.jobservice.queue.RedisConnector;
import io.lettuce.core.RedisException;
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
    private final Runnable onMoved;

    /** @param onMoved called when jobs were moved, to wake the local fetcher */
    public Requeuer(DueJobs dueJobs, Clock clock, Runnable onMoved) {
        this.dueJobs = dueJobs;
        this.clock = clock;
        this.onMoved = onMoved;
    }

    /** Moves everything due now; returns how many jobs moved. */
    public long runOnce() {
        long now = clock.millis() / 1000;
        long total = 0;
        try {
            long moved;
            do {
                moved = dueJobs.moveDueScheduled(now, BATCH) + dueJobs.moveDueRetries(now, BATCH);
                total += moved;
            } while (moved > 0);
        } catch (RedisException e) {
            LOG.warn("Cannot move due jobs: {}", RedisConnector.rootMessage(e));
        }
        if (total > 0) {
            onMoved.run();
        }
        return total;
    }
}
