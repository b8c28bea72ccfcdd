package io.jobservice.metrics;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.jobservice.queue.JobQueue;
import io.jobservice.queue.ThroughputBuckets;
import io.jobservice.queue.WorkerPoolStore;

/**
 * The cluster's queue and scheduling counts, read from Redis at most once per {@code maxAgeMs} however many
 * gauges, MBean attributes, health checks or dashboard pages ask: a scrape, a JMX console refresh or a dashboard
 * poll costs one pipelined round trip, whatever the number of jobs. The worker pools' heartbeats and the throughput
 * buckets the dashboard shows are cached the same way, each read only when someone asks for it.
 */
public final class ClusterStatsCache {

    private final Clock clock;
    private final long maxAgeMs;
    private final Cached<JobQueue.ClusterStats> stats;
    private final Cached<Map<String, Map<String, String>>> pools;
    private final Cached<List<ThroughputBuckets.Bucket>> throughput;

    public ClusterStatsCache(JobQueue queue, Supplier<List<String>> jobNames, WorkerPoolStore poolStore,
                             ThroughputBuckets buckets, Clock clock, long maxAgeMs) {
        this.clock = clock;
        this.maxAgeMs = maxAgeMs;
        this.stats = new Cached<>(() -> queue.clusterStats(jobNames.get()));
        this.pools = new Cached<>(poolStore::pools);
        this.throughput = new Cached<>(() -> buckets.last(clock.millis() / 1000));
    }

    /**
     * The counts, read again when the last read is older than the cache's age.
     *
     * @throws io.jobservice.queue.RedisAccessException when they have to be read and Redis cannot be reached
     */
    public JobQueue.ClusterStats get() {
        return stats.get();
    }

    /** Every pool's heartbeat hash by pool id (see {@link WorkerPoolStore#pools()}), cached like {@link #get()}. */
    public Map<String, Map<String, String>> pools() {
        return pools.get();
    }

    /** The last 15 minutes of ended attempts, oldest bucket first, cached like {@link #get()}. */
    public List<ThroughputBuckets.Bucket> throughput() {
        return throughput.get();
    }

    /** The queue of one type, or null when the type is not among the cached ones. */
    public JobQueue.QueueInfo queue(String jobName) {
        return get().queues().stream().filter(q -> q.jobName().equals(jobName)).findFirst().orElse(null);
    }

    /** Forgets the last read of the counts, so the next one sees a change just made (a pause, a resume). */
    public void invalidate() {
        stats.invalidate();
    }

    /** One value read at most once per the cache's age. */
    private final class Cached<T> {

        private final Supplier<T> read;
        private T value;
        private long readAtMs;
        private boolean valid;

        Cached(Supplier<T> read) {
            this.read = read;
        }

        synchronized T get() {
            long now = clock.millis();
            if (!valid || now - readAtMs >= maxAgeMs) {
                value = read.get();
                readAtMs = now;
                valid = true;
            }
            return value;
        }

        synchronized void invalidate() {
            valid = false;
        }
    }
}
