package io.jobservice.scheduling;

import java.time.Duration;
import java.util.Map;

import io.jobservice.support.CountingJob;
import io.jobservice.support.Jobs;
import io.jobservice.support.StoreFixture;
import io.jobservice.support.TestApp;
import io.jobservice.support.TestAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Scheduled jobs are kept in Redis, not in a node: they run after the node that took them is gone or was down. */
class ScheduledJobIT {

    /** Each test starts and stops its nodes. */
    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.manual().workers(1);
    static final StoreFixture STORE = APP.store();

    @Test
    void should_run_a_scheduled_job_on_another_node_when_the_accepting_node_is_gone() throws Exception {
        try (TestApp survivor = APP.start()) {
            String id;
            try (TestApp accepting = APP.start()) {
                id = accepting.submit(Jobs.job(CountingJob.NAME).scheduled(3).json());
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
        STORE.commands().hset(STORE.keys().jobStats(id), Map.of("id", id, "name", "COUNT",
                "kind", "Scheduled", "unique", "0", "status", "Scheduled", "run_at", Long.toString(longAgo),
                "enqueue_time", Long.toString(longAgo - 60), "update_time", Long.toString(longAgo - 60),
                "revision", Long.toString(longAgo - 60)));
        STORE.commands().zadd(STORE.keys().scheduled(), longAgo,
                "{\"name\":\"COUNT\",\"id\":\"" + id + "\",\"t\":" + (longAgo - 60) + ",\"args\":{}}");
        try (TestApp app = APP.start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> app.status(id).equals("Success"));
        }
    }
}
