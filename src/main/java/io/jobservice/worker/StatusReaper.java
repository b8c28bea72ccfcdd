package io.jobservice.worker;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

import io.jobservice.queue.JobStatsStore;
import io.jobservice.queue.JobStatsStore.ReapAction;
import io.jobservice.queue.RedisAccessException;
import io.jobservice.queue.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Harbor's status reaper (contract 10.6), hourly on every node: walks {@code job_track:inprogress} in batches of 100
 * and, per job in one script, forgets jobs whose stats are gone or whose final status was acknowledged, marks
 * Error a job not updated within the hung-job limit ({@code reaper.max_update_hours}; periodic jobs excluded,
 * decisions D2), takes an ACKed status that is ahead, and queues the hook event again for a job whose status is
 * ahead of its ACK.
 */
public final class StatusReaper {

    private static final Logger LOG = LoggerFactory.getLogger(StatusReaper.class);
    private static final int BATCH = 100;

    private final JobStatsStore stats;
    private final Clock clock;
    private final long hungAfterSeconds;

    public StatusReaper(JobStatsStore stats, Clock clock, long hungAfterSeconds) {
        this.stats = stats;
        this.clock = clock;
        this.hungAfterSeconds = hungAfterSeconds;
    }

    /** One pass over every tracked job; returns how many jobs each action touched. */
    public Map<ReapAction, Integer> runOnce() {
        Map<ReapAction, Integer> counts = new EnumMap<>(ReapAction.class);
        try {
            long cursor = 0;
            do {
                JobStatsStore.TrackedPage page = stats.tracked(cursor, BATCH);
                for (String jobId : page.jobIds()) {
                    ReapAction action = stats.reapStatus(jobId, clock.millis() / 1000, hungAfterSeconds);
                    counts.merge(action, 1, Integer::sum);
                    if (action == ReapAction.ERROR) {
                        LOG.warn("mark job {} failed as job is still not finished in {} hours", jobId, hungAfterSeconds / 3600);
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != 0);
        } catch (RedisAccessException e) {
            LOG.warn("Status reaper cannot reach Redis: {}", RedisConnector.rootMessage(e));
        }
        if (!counts.isEmpty()) {
            LOG.info("Status reaper: {}", counts);
        }
        return counts;
    }
}
