package io.jobservice.api;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.json.Json;
import io.jobservice.support.Jobs;
import io.jobservice.support.RedisServerExtension;
import io.jobservice.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Our queue routes: list the queues, pause and resume a job type through Harbor's paused key. */
class QueueApiIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start(REDIS.url(), REDIS.namespace(), 2);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    HttpResponse<String> put(String path, String body) {
        return app.send(HttpRequest.newBuilder(app.uri(path)).header("Authorization", TestApp.AUTH)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    JsonNode queue(String name) throws Exception {
        for (JsonNode item : Json.read(app.get("/api/v1/queues").body())) {
            if (item.get("job_name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("no queue " + name);
    }

    @Test
    void should_pause_list_and_resume_a_job_type() throws Exception {
        assertThat(put("/api/v1/queues/NOOP", "{\"action\":\"pause\"}").statusCode()).isEqualTo(204);
        assertThat(REDIS.commands().exists(REDIS.prefix() + "jobs:NOOP:paused")).isEqualTo(1L);
        String first = app.submit(Jobs.noop());
        app.submit(Jobs.noop());
        await().pollDelay(Duration.ofMillis(1100)).until(() -> true);
        JsonNode noop = queue("NOOP");
        assertThat(noop.get("size").asLong()).isEqualTo(2);
        assertThat(noop.get("paused").asBoolean()).isTrue();
        assertThat(noop.get("latency_seconds").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(noop.get("running").asLong()).isZero();
        assertThat(app.status(first)).isEqualTo("Pending");

        assertThat(put("/api/v1/queues/NOOP", "{\"action\":\"resume\"}").statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(5)).until(() -> app.status(first).equals("Success"));
        assertThat(queue("NOOP").get("size").asLong()).isZero();
        assertThat(queue("NOOP").get("paused").asBoolean()).isFalse();
    }

    @Test
    void should_refuse_unknown_types_actions_and_callers() throws Exception {
        assertThat(put("/api/v1/queues/NOPE", "{\"action\":\"pause\"}").statusCode()).isEqualTo(404);
        HttpResponse<String> action = put("/api/v1/queues/NOOP", "{\"action\":\"stop\"}");
        assertThat(action.statusCode()).isEqualTo(400);
        assertThat(Json.read(action.body()).get("details").asText()).isEqualTo("unknown queue action 'stop', use 'pause' or 'resume'");
        HttpResponse<String> anonymous = app.send(HttpRequest.newBuilder(app.uri("/api/v1/queues")).GET().build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}
