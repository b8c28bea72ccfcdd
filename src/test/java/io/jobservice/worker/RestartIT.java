package io.jobservice.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.jobservice.json.Json;
import io.jobservice.support.Jobs;
import io.jobservice.support.StoreFixture;
import io.jobservice.support.TestApp;
import io.jobservice.support.TestAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stopping the service with jobs queued and running, then starting it again: every accepted job ends Success. */
class RestartIT {

    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.manual().workers(2);
    static final StoreFixture STORE = APP.store();

    @Test
    void should_finish_every_accepted_job_after_a_restart() throws Exception {
        List<String> ids = new ArrayList<>();
        // a 1 s shutdown timeout and 3 s jobs: the running ones are cut short and must be requeued
        Map<String, String> shortShutdown = Map.of("jobservice.pool.shutdown-timeout-seconds", "1");
        try (TestApp first = APP.with().properties(shortShutdown).start()) {
            STORE.pause("NOOP");
            for (int i = 0; i < 30; i++) {
                ids.add(submit(first, Jobs.noop()));
            }
            String running = submit(first, Jobs.demo(3000, false));
            ids.add(running);
            await().atMost(Duration.ofSeconds(10)).until(() -> status(first, running).equals("Running"));
        }
        assertThat(STORE.commands().llen(STORE.keys().jobQueue("DEMO"))).as("the cut-short job is queued again")
                .isEqualTo(1);
        STORE.resume("NOOP");
        try (TestApp second = APP.start()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(ids).allSatisfy(id -> assertThat(status(second, id)).isEqualTo("Success")));
        }
    }

    static String submit(TestApp app, String body) throws Exception {
        var response = app.postJson("/api/v1/jobs", body);
        assertThat(response.statusCode()).isEqualTo(202);
        return Json.read(response.body()).get("job").get("id").asText();
    }

    static String status(TestApp app, String id) throws Exception {
        return Json.read(app.get("/api/v1/jobs/" + id).body()).get("job").get("status").asText();
    }
}
