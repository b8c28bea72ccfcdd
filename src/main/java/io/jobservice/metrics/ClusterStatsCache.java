package io.jobservice.metrics;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

import io.jobservice.queue.JobQueue;

/**
 * The cluster's queue and scheduling counts, read from Redis at most once per {@code maxAgeMs} however many
 * gauges, MBean attributes or health checks ask: a scrape or a JMX console refresh costs one pipelined round trip,
 * whatever the number of jobs.
 */
public final class ClusterStatsCache {

    private record Snapshot(JobQueue.ClusterStats stats, long readAtMs) {
    }

    private final JobQueue queue;
    private final Supplier<List<String>> jobNames;
    private final Clock clock;
    private final long maxAgeMs;
    private Snapshot last;

    public ClusterStatsCache(JobQueue queue, Supplier<List<String>> jobNames, Clock clock, long maxAgeMs) {
        this.queue = queue;
        this.jobNames = jobNames;
        this.clock = clock;
        this.maxAgeMs = maxAgeMs;
    }

    /**
     * The counts, read again when the last read is older than the cache's age.
     *
     * @throws RedisAccessException when they have to be read and Redis cannot be reached
     */
    public synchronized JobQueue.ClusterStats get() {
        long now = clock.millis();
        if (last == null || now - last.readAtMs() >= maxAgeMs) {
            last = new Snapshot(queue.clusterStats(jobNames.get()), now);
        }
        return last.stats();
    }

    /** The queue of one type, or null when the type is not among the cached ones. */
    public JobQueue.QueueInfo queue(String jobName) {
        return get().queues().stream().filter(q -> q.jobName().equals(jobName)).findFirst().orElse(null);
    }

    /** Forgets the last read, so the next one sees a change just made (a pause, a resume). */
    public synchronized void invalidate() {
        last = null;
    }
}
