package io.jobservice.logs;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.jobservice.json.Json;
import io.jobservice.support.Jobs;
import io.jobservice.support.RedisServerExtension;
import io.jobservice.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** GET /api/v1/jobs/{id}/log over real HTTP, read while the job runs (contract 1.3, 8). */
class JobLogIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Test
    void should_serve_a_jobs_log_while_it_runs_and_after() throws Exception {
        Path dir = Files.createTempDirectory("job-logs-");
        try (TestApp app = TestApp.start(REDIS.url(), REDIS.namespace(), 2, Map.of(), TestApp.fileJobLoggers(dir))) {
            String id = app.submit(Jobs.demo(1500, false));
            await().atMost(Duration.ofSeconds(5)).until(() -> app.get("/api/v1/jobs/" + id + "/log").statusCode() == 200
                    && app.get("/api/v1/jobs/" + id + "/log").body().contains("demo job " + id));
            assertThat(app.status(id)).as("read while running").isEqualTo("Running");
            await().atMost(Duration.ofSeconds(10)).until(() -> app.status(id).equals("Success"));
            HttpResponse<String> log = app.get("/api/v1/jobs/" + id + "/log");
            assertThat(log.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(log.body()).contains("[INFO] [JobRunner.java:").contains("Job incoming: DEMO " + id)
                    .contains("demo job done").contains("Job done after");

            HttpResponse<String> missing = app.get("/api/v1/jobs/0123456789abcdef01234567/log");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(Json.read(missing.body()).get("code").asInt()).isEqualTo(10010);
            HttpResponse<String> traversal = app.get("/api/v1/jobs/..%2F..%2Fetc%2Fpasswd/log");
            assertThat(traversal.statusCode()).isIn(400, 404);
            HttpResponse<String> dots = app.get("/api/v1/jobs/a..b/log");
            assertThat(dots.statusCode()).isEqualTo(400);
            HttpResponse<String> malformed = app.get("/api/v1/jobs/not-a-job-id/log");
            assertThat(malformed.statusCode()).isEqualTo(500);
            assertThat(Json.read(malformed.body()).get("code").asInt()).isEqualTo(10009);
        }
    }

    @Test
    void should_answer_an_empty_log_for_a_known_job_whose_log_file_is_not_written_yet() throws Exception {
        Path dir = Files.createTempDirectory("job-logs-");
        try (TestApp app = TestApp.start(REDIS.url(), REDIS.namespace(), 2, Map.of(), TestApp.fileJobLoggers(dir))) {
            REDIS.commands().set(REDIS.prefix() + "jobs:NOOP:paused", "1");
            String pending = app.submit(Jobs.noop());

            HttpResponse<String> log = app.get("/api/v1/jobs/" + pending + "/log");

            assertThat(log.statusCode()).as("Pending, no file yet").isEqualTo(200);
            assertThat(log.body()).isEmpty();
            REDIS.commands().del(REDIS.prefix() + "jobs:NOOP:paused");
        }
    }

    @Test
    void should_answer_500_when_no_file_logger_is_configured() throws Exception {
        try (TestApp app = TestApp.start(REDIS.url(), REDIS.namespace(), 1)) {
            HttpResponse<String> response = app.get("/api/v1/jobs/0123456789abcdef01234567/log");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(Json.read(response.body()).get("details").asText()).isEqualTo("no log data getter is configured");
        }
    }
}
