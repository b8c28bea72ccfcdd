package io.jobservice.scheduling;

import java.time.Duration;
import java.util.Map;

import io.jobservice.support.CountingJob;
import io.jobservice.support.RedisServerExtension;
import io.jobservice.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Scheduled jobs are kept in Redis, not in a node: they run after the node that took them is gone or was down. */
class ScheduledJobIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Test
    void should_run_a_scheduled_job_on_another_node_when_the_accepting_node_is_gone() throws Exception {
        try (TestApp survivor = TestApp.start(REDIS.url(), REDIS.namespace(), 1)) {
            String id;
            try (TestApp accepting = TestApp.start(REDIS.url(), REDIS.namespace(), 1)) {
                id = accepting.submit("{\"job\":{\"name\":\"COUNT\",\"metadata\":{\"kind\":\"Scheduled\",\"schedule_delay\":3}}}");
                assertThat(accepting.status(id)).isEqualTo("Scheduled");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> survivor.status(id).equals("Success"));
            assertThat(CountingJob.runs(id)).isEqualTo(1);
        }
    }

    @Test
    void should_run_an_overdue_job_at_start_instead_of_dropping_it() throws Exception {
        String id = "0123456789abcdef0123aaaa";
        long longAgo = System.currentTimeMillis() / 1000 - 3600;
        REDIS.commands().hset(REDIS.prefix() + "job_stats:" + id, Map.of("id", id, "name", "COUNT",
                "kind", "Scheduled", "unique", "0", "status", "Scheduled", "run_at", Long.toString(longAgo),
                "enqueue_time", Long.toString(longAgo - 60), "update_time", Long.toString(longAgo - 60),
                "revision", Long.toString(longAgo - 60)));
        REDIS.commands().zadd(REDIS.prefix() + "scheduled", longAgo,
                "{\"name\":\"COUNT\",\"id\":\"" + id + "\",\"t\":" + (longAgo - 60) + ",\"args\":{}}");
        try (TestApp app = TestApp.start(REDIS.url(), REDIS.namespace(), 1)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> app.status(id).equals("Success"));
        }
    }
}
