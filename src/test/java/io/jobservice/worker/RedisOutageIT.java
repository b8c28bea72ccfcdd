package io.jobservice.worker;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.json.Json;
import io.jobservice.queue.RedisKeys;
import io.jobservice.queue.RedisServerProcess;
import io.jobservice.support.Jobs;
import io.jobservice.support.RedisServerExtension;
import io.jobservice.support.TestApp;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Redis lost while the service runs: 5xx with Harbor's error body, then everything resumes, nothing lost. */
class RedisOutageIT {

    @Test
    void should_answer_5xx_while_redis_is_down_and_resume_when_it_is_back() throws Exception {
        int port = RedisServerExtension.freePort();
        Path dir = Files.createTempDirectory("redis-outage-");
        String url = "redis://127.0.0.1:" + port;
        RedisServerProcess redis = RedisServerExtension.startPersistentServer(port, dir);
        try (TestApp app = TestApp.start(url, "outage", 2)) {
            // a job accepted before the outage, held back by the paused flag
            setPaused(port, true);
            String queued = RestartIT.submit(app, Jobs.noop());

            redis.close();
            HttpResponse<String> submit = app.postJson("/api/v1/jobs", Jobs.noop());
            assertThat(submit.statusCode()).isEqualTo(500);
            JsonNode error = Json.read(submit.body());
            assertThat(error.get("code").asInt()).isEqualTo(10003);
            assertThat(error.get("message").asText()).isEqualTo("launch job failed with error");
            HttpResponse<String> get = app.get("/api/v1/jobs/" + queued);
            assertThat(get.statusCode()).isEqualTo(500);
            assertThat(Json.read(get.body()).get("code").asInt()).isEqualTo(10005);

            redis = RedisServerExtension.startPersistentServer(port, dir);
            await().atMost(Duration.ofSeconds(20)).until(() -> app.get("/api/v1/jobs/" + queued).statusCode() == 200);
            setPaused(port, false);
            await().atMost(Duration.ofSeconds(20)).until(() -> RestartIT.status(app, queued).equals("Success"));
            String after = RestartIT.submit(app, Jobs.noop());
            await().atMost(Duration.ofSeconds(20)).until(() -> RestartIT.status(app, after).equals("Success"));
        } finally {
            redis.close();
        }
    }

    @Test
    void should_wait_for_redis_at_start_and_come_up_when_it_appears() throws Exception {
        int port = RedisServerExtension.freePort();
        String url = "redis://127.0.0.1:" + port;
        CompletableFuture<TestApp> starting =
                CompletableFuture.supplyAsync(() -> {
                    try {
                        return TestApp.start(url, "late", 1);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        // the service keeps retrying while nothing listens on the port
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !starting.isDone());
        try (RedisServerProcess redis = RedisServerExtension.startServer(port);
             TestApp app = starting.get(30, TimeUnit.SECONDS)) {
            String id = RestartIT.submit(app, Jobs.noop());
            await().atMost(Duration.ofSeconds(10)).until(() -> RestartIT.status(app, id).equals("Success"));
        }
    }

    private static void setPaused(int port, boolean paused) {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
        try (var connection = client.connect()) {
            String key = new RedisKeys("outage").paused("NOOP");
            if (paused) {
                connection.sync().set(key, "1");
            } else {
                connection.sync().del(key);
            }
        } finally {
            client.shutdown();
        }
    }
}
