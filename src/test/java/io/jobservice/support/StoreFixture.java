package io.jobservice.support;

import java.util.function.Supplier;

import io.jobservice.queue.JobQueue;
import io.jobservice.queue.JobStatsStore;
import io.jobservice.queue.RedisConnector;
import io.jobservice.queue.RedisKeys;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The test app's Redis as a test reads and writes it directly: the same server and namespace, its keys from
 * {@link RedisKeys}, raw commands, and the service's own stores. Resolved at each call, so a class may keep one in a
 * static field before its extension has started (the namespace is given in {@code beforeAll}).
 */
public final class StoreFixture {

    private final Supplier<RedisServerExtension> redis;
    private RedisKeys keys;
    private JobStatsStore stats;
    private JobQueue queue;

    StoreFixture(Supplier<RedisServerExtension> redis) {
        this.redis = redis;
    }

    /** The stores on a test Redis of the test's own, for tests that build the service's parts by hand. */
    public static StoreFixture on(RedisServerExtension redis) {
        return new StoreFixture(() -> redis);
    }

    /** The namespace's keys, built as the service builds them. */
    public synchronized RedisKeys keys() {
        String namespace = redis.get().namespace();
        if (namespace == null) {
            throw new IllegalStateException("no namespace yet: the extension gives one before the class's tests");
        }
        if (keys == null || !keys.namespace().equals(namespace)) {
            keys = new RedisKeys(namespace);
            stats = null;
            queue = null;
        }
        return keys;
    }

    /** Raw commands on the server, for what a test arranges or checks beneath the service. */
    public RedisCommands<String, String> commands() {
        return redis.get().commands();
    }

    /** The service's connection type on the server, for stores built by hand. */
    public RedisConnector connector() {
        return redis.get().connector();
    }

    /** The job stats store on the namespace, with Harbor's TTLs. */
    public synchronized JobStatsStore jobStats() {
        RedisKeys current = keys();
        if (stats == null) {
            stats = new JobStatsStore(redis.get().connector(), current, JobStatsStore.Ttls.HARBOR);
        }
        return stats;
    }

    /** The job queue on the namespace, as another node's would be. */
    public synchronized JobQueue queue() {
        JobStatsStore current = jobStats();
        if (queue == null) {
            queue = new JobQueue(redis.get().connector(), keys, current);
        }
        return queue;
    }

    /** Sets Harbor's paused flag of a job type, so its jobs stay queued. */
    public void pause(String jobName) {
        commands().set(keys().paused(jobName), "1");
    }

    /** Removes the paused flag of a job type. */
    public void resume(String jobName) {
        commands().del(keys().paused(jobName));
    }

    /** Deletes every key of the namespace. */
    public void clear() {
        redis.get().clearNamespace();
    }
}
