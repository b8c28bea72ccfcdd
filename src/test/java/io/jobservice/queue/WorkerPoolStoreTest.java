package io.jobservice.queue;

import java.util.LinkedHashMap;
import java.util.Map;

import io.jobservice.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Worker pool heartbeats against a real Redis (contract 10.2 {@code worker_pools}, 10.3 heartbeat, 10.5). */
class WorkerPoolStoreTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final String POOL_A = "aaaaaaaaaaaaaaaaaaaaaaa1";
    private static final String POOL_B = "bbbbbbbbbbbbbbbbbbbbbbb2";

    private static RedisConnector redis;
    private static RedisKeys keys;
    private static WorkerPoolStore pools;

    @BeforeAll
    static void connect() {
        redis = REDIS.connector();
        keys = new RedisKeys(REDIS.namespace());
        pools = new WorkerPoolStore(redis, keys);
    }


    @BeforeEach
    void clear() {
        REDIS.clearNamespace();
    }

    @Test
    void should_return_the_heartbeat_fields_of_a_pool() {
        Map<String, String> fields = heartbeatFields(1_760_000_005L);

        pools.heartbeat(POOL_A, fields);

        assertThat(pools.pools()).containsOnlyKeys(POOL_A);
        assertThat(pools.pools().get(POOL_A)).isEqualTo(fields);
    }

    @Test
    void should_refresh_the_heartbeat_time_and_keep_the_other_fields() {
        pools.heartbeat(POOL_A, heartbeatFields(1_760_000_005L));

        pools.heartbeat(POOL_A, Map.of("heartbeat_at", "1760000010"));

        Map<String, String> pool = pools.pools().get(POOL_A);
        assertThat(pool).containsEntry("heartbeat_at", "1760000010")
                .containsEntry("started_at", "1760000000")
                .containsEntry("job_names", "DEMO,NOOP");
    }

    @Test
    void should_list_every_pool() {
        pools.heartbeat(POOL_A, heartbeatFields(1_760_000_005L));
        pools.heartbeat(POOL_B, Map.of("heartbeat_at", "1760000007", "concurrency", "4"));

        assertThat(pools.pools()).containsOnlyKeys(POOL_A, POOL_B);
        assertThat(pools.pools().get(POOL_B)).containsEntry("concurrency", "4");
    }

    @Test
    void should_forget_a_removed_pool_and_keep_the_others() {
        pools.heartbeat(POOL_A, heartbeatFields(1_760_000_005L));
        pools.heartbeat(POOL_B, heartbeatFields(1_760_000_006L));

        pools.remove(POOL_A);

        assertThat(pools.pools()).containsOnlyKeys(POOL_B);
        // gone from the pool set too, or the dead-pool reapers would treat it as crashed (contract 10.5)
        assertThat(REDIS.commands().smembers(keys.workerPools())).containsExactly(POOL_B);
        assertThat(REDIS.commands().exists(keys.heartbeat(POOL_A))).isZero();
    }

    @Test
    void should_leave_out_a_pool_without_a_heartbeat_hash() {
        pools.heartbeat(POOL_A, heartbeatFields(1_760_000_005L));
        REDIS.commands().sadd(keys.workerPools(), POOL_B);

        assertThat(pools.pools()).containsOnlyKeys(POOL_A);
    }

    private static Map<String, String> heartbeatFields(long heartbeatAt) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("heartbeat_at", Long.toString(heartbeatAt));
        fields.put("started_at", "1760000000");
        fields.put("job_names", "DEMO,NOOP");
        fields.put("concurrency", "10");
        fields.put("worker_ids", "1a2b3c4d5e6f708192a3b4c5,2b3c4d5e6f708192a3b4c5d6");
        fields.put("host", "jobservice-0");
        fields.put("pid", "4242");
        return fields;
    }
}
