package io.jobservice.queue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PeriodicPolicyStoreTest extends QueueStoreTestSupport {

    @Test
    void should_list_the_latest_executions_finished_or_not_newest_first() {
        PeriodicPolicyStore policies = new PeriodicPolicyStore(redis, keys, store);
        String key = keys.executions("p1");
        for (int i = 0; i < 8; i++) {
            // finished: score -1, as cycle.lua leaves them
            REDIS.commands().zadd(key, -1, "p1@" + (NOW + i * 60));
        }
        REDIS.commands().zadd(key, NOW + 600, "p1@" + (NOW + 600));
        REDIS.commands().zadd(key, NOW + 30, "p1@" + (NOW + 30));

        Map<String, List<PeriodicPolicyStore.ExecutionRef>> latest =
                policies.latestExecutionsOf(List.of("p1", "p2"), 4);

        assertThat(latest.get("p1")).extracting(PeriodicPolicyStore.ExecutionRef::id).containsExactly(
                "p1@" + (NOW + 600), "p1@" + (NOW + 420), "p1@" + (NOW + 360), "p1@" + (NOW + 300));
        assertThat(latest.get("p2")).isEmpty();
    }
}
