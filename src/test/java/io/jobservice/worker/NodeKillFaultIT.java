package io.jobservice.worker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.jobservice.json.Json;
import io.jobservice.queue.RedisKeys;
import io.jobservice.support.Jobs;
import io.jobservice.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged service run twice as separate processes on one Redis; the node running a job is killed with
 * SIGKILL mid-job. Every accepted job must end Success, the killed job rerun by the live node with a newer
 * revision, within 30 s of the dead node's last heartbeat.
 */
class NodeKillFaultIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();
    static final String SECRET = "crash-secret";
    final HttpClient http = HttpClient.newHttpClient();
    final List<Node> launched = new ArrayList<>();

    record Node(Process process, int port) {
    }

    static RedisKeys keys() {
        return new RedisKeys(REDIS.namespace());
    }

    @Test
    void should_rerun_the_jobs_of_a_killed_node_on_the_live_one() throws Exception {
        Node firstStarted = launch(RedisServerExtension.freePort());
        Node secondStarted = launch(RedisServerExtension.freePort());
        try {
            Node first = up(firstStarted);
            Node second = up(secondStarted);
            List<String> ids = new ArrayList<>();
            Map<String, Long> submittedRevisions = new HashMap<>();
            for (int i = 0; i < 200; i++) {
                ids.add(submit(first, Jobs.noop()));
            }
            String longJob = submit(second, Jobs.demo(8_000, false));
            ids.add(longJob);
            for (String id : ids) {
                submittedRevisions.put(id, revision(first, id));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(status(first, longJob)));
            long revisionBefore = revision(first, longJob);
            long pid = pidRunning(longJob);
            Node victim = first.process().pid() == pid ? first : second;
            Node survivor = victim == first ? second : first;
            long lastBeat = lastHeartbeat(pid);
            victim.process().destroyForcibly();
            victim.process().waitFor();
            long killedAt = System.currentTimeMillis();

            await().atMost(Duration.ofSeconds(40)).until(() -> "Running".equals(status(survivor, longJob))
                    && revision(survivor, longJob) > revisionBefore);
            long recoveredAt = System.currentTimeMillis();
            System.out.printf("crash recovery: job running again %.1f s after the kill, %.1f s after the dead node's"
                    + " last heartbeat%n", (recoveredAt - killedAt) / 1000.0, (recoveredAt - lastBeat * 1000) / 1000.0);
            assertThat(recoveredAt - lastBeat * 1000).as("back within 30 s of the last heartbeat").isLessThan(30_000);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(ids).allSatisfy(id -> assertThat(status(survivor, id)).isEqualTo("Success")));
            long rerun = 0;
            for (String id : ids) {
                rerun += revision(survivor, id) > submittedRevisions.get(id) ? 1 : 0;
            }
            System.out.printf("node kill -9: accepted %d, ended Success %d, lost 0, rerun %d (jobs whose run started"
                    + " again with a newer revision), the killed node's running job back %.1f s after the kill%n",
                    ids.size(), ids.size(), rerun, (recoveredAt - killedAt) / 1000.0);
            assertThat(REDIS.commands().get(keys().lock("DEMO"))).isEqualTo("0");
            assertThat(REDIS.commands().hkeys(keys().lockInfo("DEMO"))).isEmpty();
        } finally {
            launched.forEach(node -> node.process().destroyForcibly());
        }
    }

    /**
     * The node, or a new one on another port if it did not come up as ours. A free port is only bound once the
     * JVM is up, seconds later, so a test in the other fork may take it first: then our process exits (the port
     * is taken) or the port answers with another secret (401).
     */
    Node up(Node node) throws Exception {
        for (int attempt = 1; !awaitOurs(node); attempt++) {
            node.process().destroyForcibly().waitFor();
            assertThat(attempt).as("attempts to start a node on a port of its own").isLessThan(3);
            node = launch(RedisServerExtension.freePort());
        }
        return node;
    }

    Node launch(int port) throws Exception {
        Path dir = Files.createTempDirectory("crash-node-");
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                port: %d
                worker_pool:
                  workers: 4
                  redis_pool:
                    redis_url: "%s"
                    namespace: "%s"
                """.formatted(port, REDIS.url(), REDIS.namespace()));
        String jar = System.getProperty("jobservice.jar", "target/jobservice.jar");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", Path.of(jar).toAbsolutePath().toString(), "-c", config.toString())
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile());
        builder.environment().putAll(Map.of("CORE_SECRET", SECRET, "JOBSERVICE_HTTP_HOST", "127.0.0.1"));
        Node node = new Node(builder.start(), port);
        launched.add(node);
        return node;
    }

    /** Whether the node came up as ours: an authenticated read of an unknown job answers 404 from it. */
    boolean awaitOurs(Node node) {
        // 0: the process ended
        int status = await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(
                () -> node.process().isAlive() ? probe(node) : 0, code -> code == 0 || code == 404 || code == 401);
        return status == 404;
    }

    int probe(Node node) throws Exception {
        URI unknownJob = URI.create("http://127.0.0.1:" + node.port() + "/api/v1/jobs/no-such-job");
        return http.send(HttpRequest.newBuilder(unknownJob)
                .header("Authorization", "Harbor-Secret " + SECRET).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    String submit(Node node, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.port() + "/api/v1/jobs"))
                .header("Authorization", "Harbor-Secret " + SECRET).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return Json.read(response.body()).get("job").get("id").asText();
    }

    String status(Node node, String id) throws Exception {
        return Json.read(get(node, id)).get("job").get("status").asText();
    }

    long revision(Node node, String id) throws Exception {
        return Json.read(get(node, id)).get("job").get("revision").asLong();
    }

    String get(Node node, String id) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/api/v1/jobs/" + id))
                .header("Authorization", "Harbor-Secret " + SECRET).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The pid of the node whose worker runs the job, from the worker observation and the pools' heartbeats. */
    long pidRunning(String jobId) {
        for (String poolId : REDIS.commands().smembers(keys().workerPools())) {
            Map<String, String> beat = REDIS.commands().hgetall(keys().heartbeat(poolId));
            for (String worker : beat.getOrDefault("worker_ids", "").split(",")) {
                if (jobId.equals(REDIS.commands().hget(keys().worker(worker), "job_id"))) {
                    return Long.parseLong(beat.get("pid"));
                }
            }
        }
        throw new IllegalStateException("no worker runs " + jobId);
    }

    long lastHeartbeat(long pid) {
        for (String poolId : REDIS.commands().smembers(keys().workerPools())) {
            Map<String, String> beat = REDIS.commands().hgetall(keys().heartbeat(poolId));
            if (Long.toString(pid).equals(beat.get("pid"))) {
                return Long.parseLong(beat.get("heartbeat_at"));
            }
        }
        throw new IllegalStateException("no heartbeat of pid " + pid);
    }
}
