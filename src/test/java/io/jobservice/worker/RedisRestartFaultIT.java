package io.jobservice.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.jobservice.queue.RedisKeys;
import io.jobservice.queue.RedisServerProcess;
import io.jobservice.support.CountingJob;
import io.jobservice.support.Jobs;
import io.jobservice.support.RedisServerExtension;
import io.jobservice.support.TestApp;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Redis (append-only file, fsync on every write) restarted while one node drains: stopped with SIGTERM, or
 * killed with SIGKILL. Replies in flight are lost with the connection; every accepted job must still end Success,
 * and on one node none may run twice.
 */
class RedisRestartFaultIT {

    private static final int JOBS = 2000;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SIGTERM", "SIGKILL"})
    void should_finish_every_accepted_job_when_redis_restarts_mid_drain(String signal) throws Exception {
        int port = RedisServerExtension.freePort();
        Path dir = Files.createTempDirectory("redis-restart-");
        RedisKeys keys = new RedisKeys("restart_" + signal.toLowerCase());
        RedisServerProcess redis = RedisServerExtension.startPersistentServer(port, dir);
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
        try (TestApp app = TestApp.start("redis://127.0.0.1:" + port, keys.namespace(), 10,
                LostReplyFaultIT.FAST_RECONCILE)) {
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().set(keys.paused(CountingJob.NAME), "1");
            }
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                // 5 ms of work each: the drain lasts about a second on 10 workers
                ids.add(app.submit(Jobs.generic(CountingJob.NAME, "{\"sleep_ms\":5}")));
            }
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().del(keys.paused(CountingJob.NAME));
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                    .until(() -> ranAtLeastOnce(ids) >= JOBS / 4);
            if (signal.equals("SIGKILL")) {
                redis.kill();
            } else {
                redis.close();
            }
            int ranBeforeRestart = ranAtLeastOnce(ids);
            redis = RedisServerExtension.startPersistentServer(port, dir);
            long restartedAt = System.currentTimeMillis();

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> successes(client, keys, ids) == JOBS);
            long recoveredMs = System.currentTimeMillis() - restartedAt;
            Map<String, Integer> runs = new HashMap<>();
            ids.forEach(id -> runs.put(id, CountingJob.runs(id)));
            long rerun = runs.values().stream().filter(n -> n > 1).count();
            System.out.printf("redis restart (%s) mid-drain: accepted %d, ran before the restart %d, ended Success %d,"
                    + " lost 0, rerun %d, all done %.1f s after Redis was back%n", signal, JOBS, ranBeforeRestart,
                    JOBS, rerun, recoveredMs / 1000.0);
            assertThat(runs.values()).as("one node: no job runs twice").allMatch(n -> n == 1);
        } finally {
            redis.close();
            client.shutdown();
        }
    }

    private static int ranAtLeastOnce(List<String> ids) {
        return (int) ids.stream().filter(id -> CountingJob.runs(id) > 0).count();
    }

    /** How many of the jobs have status Success, read in one pipelined round trip. */
    private static long successes(RedisClient client, RedisKeys keys, List<String> ids) {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<RedisFuture<String>> statuses = new ArrayList<>();
            ids.forEach(id -> statuses.add(connection.async().hget(keys.jobStats(id), "status")));
            long count = 0;
            for (RedisFuture<String> status : statuses) {
                if ("Success".equals(status.get())) {
                    count++;
                }
            }
            return count;
        } catch (Exception e) {
            return -1;
        }
    }
}
