package io.jobservice.queue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.jobservice.support.Jobs;
import io.jobservice.support.RedisServerExtension;
import io.jobservice.support.TestApp;
import io.jobservice.json.Json;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A {@code redis+sentinel://} URL finds the master through a real Redis Sentinel and the service runs on it. */
class SentinelIT {

    @Test
    void should_run_jobs_on_the_master_that_the_sentinel_names() throws Exception {
        int masterPort = RedisServerExtension.freePort();
        int sentinelPort = RedisServerExtension.freePort();
        Path dir = Files.createTempDirectory("sentinel-");
        Path config = dir.resolve("sentinel.conf");
        Files.writeString(config, """
                port %d
                bind 127.0.0.1
                dir %s
                sentinel monitor mymaster 127.0.0.1 %d 1
                """.formatted(sentinelPort, dir, masterPort));
        Process sentinel = null;
        try (RedisServerProcess master = RedisServerExtension.startServer(masterPort)) {
            sentinel = new ProcessBuilder(RedisServerProcess.binary(true).toString(), config.toString(), "--sentinel")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("sentinel.log").toFile()).start();
            await().atMost(Duration.ofSeconds(10)).until(() -> RedisServerProcess.answers(sentinelPort));
            String url = "redis+sentinel://127.0.0.1:" + sentinelPort + "/mymaster/0";
            try (TestApp app = TestApp.start(url, "sentinel", 1)) {
                var response = app.postJson("/api/v1/jobs", Jobs.noop());
                assertThat(response.statusCode()).isEqualTo(202);
                String id = Json.read(response.body()).get("job").get("id").asText();
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        Json.read(app.get("/api/v1/jobs/" + id).body()).get("job").get("status").asText().equals("Success"));
            }
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + masterPort);
            try (var connection = client.connect()) {
                assertThat(connection.sync().exists(new RedisKeys("sentinel").knownJobs())).as("written on the master").isEqualTo(1L);
            } finally {
                client.shutdown();
            }
        } finally {
            if (sentinel != null) {
                sentinel.destroyForcibly().waitFor();
            }
        }
    }
}
