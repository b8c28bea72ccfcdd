package io.jobservice.worker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.json.Json;
import io.jobservice.queue.RedisKeys;
import io.jobservice.support.LogCapture;
import io.jobservice.support.StoreFixture;
import io.jobservice.support.TestApp;
import io.jobservice.support.TestAppExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Go jobservice node sharing the namespace, simulated at the Redis level as gocraft/work and Harbor write it: a
 * heartbeat registering Harbor's business job types, and a runner taking their jobs. Our node accepts those jobs
 * for it, stops them through the status the Go job polls, buries due entries no pool runs, and leaves the Go
 * pool's empty slot counts alone.
 */
class MixedClusterIT {

    /** Started by hand, once the Go pool beats: our node meets a cluster that already has it. */
    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.manual().workers(2);
    static final StoreFixture STORE = APP.store();
    static final String GO_POOL = "90a0b0c0d0e0f0a1b1c1d1e1";

    static TestApp app;
    static RedisKeys keys;
    static ScheduledExecutorService goHeartbeat;

    @BeforeAll
    static void start() throws Exception {
        keys = STORE.keys();
        goHeartbeat = Executors.newSingleThreadScheduledExecutor();
        // gocraft's heartbeater: every 5 s in the real thing, more often here
        goHeartbeat.scheduleAtFixedRate(MixedClusterIT::beat, 0, 1, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> STORE.commands().sismember(keys.workerPools(), GO_POOL));
        // stopped by the extension after the class
        app = APP.start();
    }

    @AfterAll
    static void stop() {
        goHeartbeat.shutdownNow();
    }

    static void beat() {
        long now = System.currentTimeMillis() / 1000;
        STORE.commands().sadd(keys.workerPools(), GO_POOL);
        STORE.commands().hset(keys.heartbeat(GO_POOL), Map.of("heartbeat_at", Long.toString(now),
                "started_at", Long.toString(now - 60), "job_names", "GARBAGE_COLLECTION,REPLICATION",
                "concurrency", "10", "worker_ids", "aaaaaaaaaaaaaaaaaaaaaaaa", "host", "harbor-jobservice",
                "pid", "1"));
    }

    @Test
    void should_accept_a_type_only_the_go_node_runs_and_stop_it_while_the_go_node_runs_it() throws Exception {
        String id = app.submit("{\"job\":{\"name\":\"GARBAGE_COLLECTION\",\"parameters\":{\"delete_untagged\":true},"
                + "\"metadata\":{\"kind\":\"Generic\"},\"status_hook\":\"\"}}");

        JsonNode queued = Json.read(STORE.commands().lindex(keys.jobQueue("GARBAGE_COLLECTION"), 0));
        assertThat(queued.get("name").asText()).isEqualTo("GARBAGE_COLLECTION");
        assertThat(queued.get("id").asText()).isEqualTo(id);
        assertThat(queued.get("args").get("delete_untagged").asBoolean()).isTrue();
        assertThat(STORE.commands().hget(keys.jobStats(id), "status")).isEqualTo("Pending");

        // the Go node's worker fetches it as gocraft does and Harbor's runner marks it Running
        String json = STORE.commands().rpoplpush(keys.jobQueue("GARBAGE_COLLECTION"),
                keys.inProgress("GARBAGE_COLLECTION", GO_POOL));
        STORE.commands().hset(keys.jobStats(id), Map.of("status", "Running",
                "update_time", Long.toString(System.currentTimeMillis() / 1000)));
        assertThat(app.status(id)).isEqualTo("Running");

        assertThat(app.stopJob(id).statusCode()).isEqualTo(204);

        // what the Go job's OPCommand() reads: the stored status
        assertThat(STORE.commands().hget(keys.jobStats(id), "status")).isEqualTo("Stopped");
        STORE.commands().lrem(keys.inProgress("GARBAGE_COLLECTION", GO_POOL), 1, json);
        assertThat(app.status(id)).isEqualTo("Stopped");
    }

    @Test
    void should_refuse_a_type_no_live_pool_runs() {
        var response = app.postJson("/api/v1/jobs",
                "{\"job\":{\"name\":\"RETENTION\",\"metadata\":{\"kind\":\"Generic\"}}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("job with name 'RETENTION' is unknown");
    }

    @Test
    void should_bury_a_due_entry_no_pool_runs_and_queue_one_the_go_node_runs() throws Exception {
        long past = System.currentTimeMillis() / 1000 - 5;
        String ghost = "{\"name\":\"GHOST\",\"id\":\"" + "c".repeat(24) + "\",\"t\":" + past + ",\"args\":{}}";
        String replication = "{\"name\":\"REPLICATION\",\"id\":\"" + "d".repeat(24) + "\",\"t\":" + past
                + ",\"args\":{\"policy\":7},\"fails\":1,\"err\":\"timeout\",\"failed_at\":" + past + "}";
        STORE.commands().zadd(keys.scheduled(), past, ghost);
        STORE.commands().zadd(keys.retry(), past, replication);

        await().atMost(Duration.ofSeconds(5)).until(() -> STORE.commands().zcard(keys.scheduled()) == 0
                && STORE.commands().zcard(keys.retry()) == 0);

        assertThat(STORE.commands().zrange(keys.dead(), 0, -1)).anySatisfy(entry -> {
            JsonNode dead = Json.read(entry);
            assertThat(dead.get("name").asText()).isEqualTo("GHOST");
            assertThat(dead.get("err").asText()).isEqualTo("unknown job when requeueing");
            assertThat(dead.get("failed_at").asLong()).isGreaterThanOrEqualTo(past);
        });
        assertThat(STORE.commands().lrange(keys.jobQueue("REPLICATION"), 0, -1)).singleElement()
                .satisfies(entry -> assertThat(Json.read(entry).get("args").get("policy").asInt()).isEqualTo(7));
    }

    @Test
    void should_leave_alone_a_go_pool_that_stopped_cleanly_with_its_slot_counts_at_zero() {
        DeadPoolReaper reaper = app.service().camelContext().getRegistry()
                .lookupByNameAndType("deadPoolReaper", DeadPoolReaper.class);
        String stopped = "e0e0e0e0e0e0e0e0e0e0e0e0";
        STORE.commands().hset(keys.lockInfo("REPLICATION"), stopped, "0");
        STORE.commands().sadd(keys.knownJobs(), "REPLICATION");
        try (LogCapture log = LogCapture.of(DeadPoolReaper.class)) {
            assertThat(reaper.runOnce()).isZero();
            assertThat(log.lines()).noneMatch(line -> line.contains(stopped));
        }
    }
}
