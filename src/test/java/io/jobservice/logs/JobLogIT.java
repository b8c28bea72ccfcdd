package io.jobservice.logs;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.jobservice.json.Json;
import io.jobservice.support.Jobs;
import io.jobservice.support.StoreFixture;
import io.jobservice.support.TestApp;
import io.jobservice.support.TestAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** GET /api/v1/jobs/{id}/log over real HTTP, read while the job runs (contract 1.3, 8). */
class JobLogIT {

    /** The two tests that read logs share an app with a FILE job logger; they use different job types. */
    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.perClass().workers(2).fileJobLoggers();
    static final StoreFixture STORE = APP.store();

    @Test
    void should_serve_a_jobs_log_while_it_runs_and_after() throws Exception {
        String id = APP.submit(Jobs.demo(1500, false));
        await().atMost(Duration.ofSeconds(5)).until(() -> APP.get("/api/v1/jobs/" + id + "/log").statusCode() == 200
                && APP.get("/api/v1/jobs/" + id + "/log").body().contains("demo job " + id));
        assertThat(APP.status(id)).as("read while running").isEqualTo("Running");
        await().atMost(Duration.ofSeconds(10)).until(() -> APP.status(id).equals("Success"));
        HttpResponse<String> log = APP.get("/api/v1/jobs/" + id + "/log");
        assertThat(log.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(log.body()).contains("[INFO] [JobRunner.java:").contains("Job incoming: DEMO " + id)
                .contains("demo job done").contains("Job done after");

        HttpResponse<String> missing = APP.get("/api/v1/jobs/0123456789abcdef01234567/log");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Json.read(missing.body()).get("code").asInt()).isEqualTo(10010);
        HttpResponse<String> traversal = APP.get("/api/v1/jobs/..%2F..%2Fetc%2Fpasswd/log");
        assertThat(traversal.statusCode()).isIn(400, 404);
        HttpResponse<String> dots = APP.get("/api/v1/jobs/a..b/log");
        assertThat(dots.statusCode()).isEqualTo(400);
        HttpResponse<String> malformed = APP.get("/api/v1/jobs/not-a-job-id/log");
        assertThat(malformed.statusCode()).isEqualTo(500);
        assertThat(Json.read(malformed.body()).get("code").asInt()).isEqualTo(10009);
    }

    @Test
    void should_answer_an_empty_log_for_a_known_job_whose_log_file_is_not_written_yet() throws Exception {
        STORE.pause("NOOP");
        String pending = APP.submit(Jobs.noop());

        HttpResponse<String> log = APP.get("/api/v1/jobs/" + pending + "/log");

        assertThat(log.statusCode()).as("Pending, no file yet").isEqualTo(200);
        assertThat(log.body()).isEmpty();
        STORE.resume("NOOP");
    }

    @Test
    void should_answer_500_when_no_file_logger_is_configured() throws Exception {
        // an app of its own: no FILE job logger
        try (TestApp app = APP.with().workers(1).jobLoggers(TestApp.stdOutJobLoggers()).start()) {
            HttpResponse<String> response = app.get("/api/v1/jobs/0123456789abcdef01234567/log");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(Json.read(response.body()).get("details").asText()).isEqualTo("no log data getter is configured");
        }
    }
}
