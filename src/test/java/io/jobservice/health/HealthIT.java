package io.jobservice.health;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.json.Json;
import io.jobservice.queue.RedisServerProcess;
import io.jobservice.support.RedisServerExtension;
import io.jobservice.support.TestApp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The probes against a real Redis that the test stops and starts again. */
class HealthIT {

    static HttpResponse<String> probe(TestApp app, String kind) {
        // probes carry no secret
        return app.send(HttpRequest.newBuilder(app.uri("/api/v1/health/" + kind)).GET().build());
    }

    static String check(HttpResponse<String> response, String name) throws Exception {
        for (JsonNode check : Json.read(response.body()).get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check.get("status").asText();
            }
        }
        return "absent";
    }

    @Test
    void should_go_unready_while_redis_is_down_and_come_back_by_itself() throws Exception {
        int port = RedisServerExtension.freePort();
        Path dir = Files.createTempDirectory("redis-health-");
        RedisServerProcess redis = RedisServerExtension.startPersistentServer(port, dir);
        try (TestApp app = TestApp.start("redis://127.0.0.1:" + port, "health", 2)) {
            HttpResponse<String> ready = probe(app, "ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(Json.read(ready.body()).get("status").asText()).isEqualTo("UP");
            assertThat(check(ready, "redis")).isEqualTo("UP");
            assertThat(check(ready, "heartbeat")).isEqualTo("UP");
            assertThat(check(ready, "hook-backlog")).isEqualTo("UP");
            assertThat(check(probe(app, "live"), "heartbeat-loop")).isEqualTo("UP");

            redis.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> probe(app, "ready").statusCode() == 503);
            HttpResponse<String> down = probe(app, "ready");
            assertThat(Json.read(down.body()).get("status").asText()).isEqualTo("DOWN");
            assertThat(check(down, "redis")).isEqualTo("DOWN");
            assertThat(Json.read(down.body()).toString()).contains("Redis is unreachable");
            HttpResponse<String> live = probe(app, "live");
            assertThat(live.statusCode()).as("a Redis outage is not a reason to restart the node").isEqualTo(200);

            redis = RedisServerExtension.startPersistentServer(port, dir);
            await().atMost(Duration.ofSeconds(20)).until(() -> probe(app, "ready").statusCode() == 200);
            assertThat(check(probe(app, "ready"), "redis")).isEqualTo("UP");
        } finally {
            redis.close();
        }
    }
}
