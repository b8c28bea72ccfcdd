package io.jobservice.queue;

import io.jobservice.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stores of the queue package on a real Redis, as the service builds them (Harbor's TTLs), with the namespace
 * emptied before each test. Times in these tests are given, not read: {@link #NOW} is their clock.
 */
abstract class QueueStoreTestSupport {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    static final long NOW = 1_760_000_000L;

    static RedisConnector redis;
    static RedisKeys keys;
    static JobStatsStore store;
    static JobQueue queue;
    static DueJobs due;

    @BeforeAll
    static void connect() {
        redis = REDIS.connector();
        keys = new RedisKeys(REDIS.namespace());
        store = new JobStatsStore(redis, keys, JobStatsStore.Ttls.HARBOR);
        queue = new JobQueue(redis, keys, store);
        due = new DueJobs(redis, keys);
    }

    @BeforeEach
    void clear() {
        REDIS.clearNamespace();
    }
}
