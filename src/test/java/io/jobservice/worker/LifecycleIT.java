package io.jobservice.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.jobservice.queue.JobQueue;
import io.jobservice.queue.RedisKeys;
import io.jobservice.support.CountingJob;
import io.jobservice.support.Jobs;
import io.jobservice.support.RedisServerExtension;
import io.jobservice.support.TestApp;
import io.jobservice.support.TestJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stops that stop, time-outs, the dead set, fair sharing of workers and crashed pools (contract 7, 10.3-10.5). */
class LifecycleIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start(REDIS.url(), REDIS.namespace(), 3);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @BeforeEach
    void clear() {
        REDIS.clearNamespace();
    }

    static String job(String name, String params) {
        return "{\"job\":{\"name\":\"" + name + "\",\"parameters\":" + params + ",\"metadata\":{\"kind\":\"Generic\"}}}";
    }

    @Test
    void should_stop_a_cooperative_running_job_within_a_second() throws Exception {
        String id = app.submit(Jobs.demo(60_000, false));
        await().atMost(Duration.ofSeconds(5)).until(() -> app.status(id).equals("Running"));
        assertThat(app.postJson("/api/v1/jobs/" + id, "{\"action\":\"stop\"}").statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(2)).until(() -> app.status(id).equals("Stopped")
                && REDIS.commands().get(REDIS.prefix() + "jobs:DEMO:lock").equals("0"));
    }

    @Test
    void should_interrupt_a_job_that_ignores_the_stop_after_the_grace_period() throws Exception {
        String id = app.submit(job(CountingJob.NAME, "{\"sleep_ms\":60000}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> app.status(id).equals("Running"));
        app.postJson("/api/v1/jobs/" + id, "{\"action\":\"stop\"}");
        // grace 1 s in the tests: the worker is free again within seconds, the job stays Stopped
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "0".equals(REDIS.commands().get(REDIS.prefix() + "jobs:COUNT:lock")));
        assertThat(app.status(id)).isEqualTo("Stopped");
        assertThat(REDIS.commands().zcard(REDIS.prefix() + "retry")).as("a stopped job is not retried").isZero();
    }

    @Test
    void should_end_a_run_past_its_max_run_seconds_in_error_and_keep_it_in_the_dead_set() throws Exception {
        String id = app.submit(job(TestJobs.SLOW, "{\"sleep_ms\":60000}"));
        await().atMost(Duration.ofSeconds(8)).until(() -> app.status(id).equals("Error"));
        List<String> dead = REDIS.commands().zrange(REDIS.prefix() + "dead", 0, -1);
        assertThat(dead).anySatisfy(entry -> assertThat(entry).contains(id).contains("max_run_seconds of 1 s")
                .contains("\"fails\":1"));
    }

    @Test
    void should_keep_a_job_that_failed_without_retries_in_the_dead_set() throws Exception {
        String id = app.submit(job(TestJobs.BROKEN, "{}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> app.status(id).equals("Error"));
        assertThat(REDIS.commands().zrange(REDIS.prefix() + "dead", 0, -1))
                .anySatisfy(entry -> assertThat(entry).contains(id).contains("broken on purpose"));
        assertThat(REDIS.commands().ttl(REDIS.prefix() + "job_stats:" + id)).isBetween(604_000L, 604_800L);
    }

    @Test
    void should_start_another_types_job_within_a_second_while_one_type_floods_the_queues() throws Exception {
        REDIS.commands().set(REDIS.prefix() + "jobs:COUNT:paused", "1");
        String flood = job(CountingJob.NAME, "{\"sleep_ms\":2000}");
        for (int i = 0; i < 10_000; i++) {
            app.postJson("/api/v1/jobs", flood);
        }
        REDIS.commands().del(REDIS.prefix() + "jobs:COUNT:paused");
        // every worker but the reserved one is busy with 2 s jobs
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "2".equals(REDIS.commands().get(REDIS.prefix() + "jobs:COUNT:lock")));
        long submitted = System.nanoTime();
        String other = app.submit(Jobs.noop());
        await().atMost(Duration.ofSeconds(1)).until(() -> app.status(other).equals("Success"));
        System.out.printf("NOOP job started and finished %d ms after submit behind 10,000 queued jobs%n",
                (System.nanoTime() - submitted) / 1_000_000);
        REDIS.commands().del(REDIS.prefix() + "jobs:COUNT");
    }

    @Test
    void should_return_the_jobs_of_a_dead_pool_to_their_queue_and_rerun_them() throws Exception {
        String deadPool = "deaddeaddeaddeaddeaddead";
        String id = "0123456789abcdef0123dead";
        long now = System.currentTimeMillis() / 1000;
        String json = "{\"name\":\"COUNT\",\"id\":\"" + id + "\",\"t\":" + (now - 120) + ",\"args\":{}}";
        REDIS.commands().hset(REDIS.prefix() + "job_stats:" + id, Map.of("id", id, "name", "COUNT", "kind", "Generic",
                "unique", "0", "status", "Running", "enqueue_time", Long.toString(now - 120),
                "update_time", Long.toString(now - 60), "revision", Long.toString(now - 120)));
        REDIS.commands().lpush(REDIS.prefix() + "jobs:COUNT:" + deadPool + ":inprogress", json);
        REDIS.commands().set(REDIS.prefix() + "jobs:COUNT:lock", "1");
        REDIS.commands().hset(REDIS.prefix() + "jobs:COUNT:lock_info", deadPool, "1");
        REDIS.commands().sadd(REDIS.prefix() + "worker_pools", deadPool);
        REDIS.commands().hset(REDIS.prefix() + "worker_pools:" + deadPool, Map.of("heartbeat_at", Long.toString(now - 60),
                "started_at", Long.toString(now - 600), "job_names", "COUNT", "concurrency", "1"));
        REDIS.commands().sadd(REDIS.prefix() + "known_jobs", "COUNT");

        await().atMost(Duration.ofSeconds(10)).until(() -> app.status(id).equals("Success"));
        assertThat(CountingJob.runs(id)).isEqualTo(1);
        assertThat(Long.parseLong(REDIS.commands().hget(REDIS.prefix() + "job_stats:" + id, "revision")))
                .as("a new run, with a newer revision").isGreaterThan(now - 120);
        assertThat(REDIS.commands().sismember(REDIS.prefix() + "worker_pools", deadPool)).isFalse();
        assertThat(REDIS.commands().hget(REDIS.prefix() + "jobs:COUNT:lock_info", deadPool)).isNull();
        await().atMost(Duration.ofSeconds(2)).until(() -> "0".equals(REDIS.commands().get(REDIS.prefix() + "jobs:COUNT:lock")));
    }

    @Test
    void should_stop_a_job_here_once_another_node_runs_it_with_a_newer_revision() throws Exception {
        String id = app.submit(job(CountingJob.NAME, "{\"sleep_ms\":60000}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> app.status(id).equals("Running"));
        REDIS.commands().hincrby(REDIS.prefix() + "job_stats:" + id, "revision", 1);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "0".equals(REDIS.commands().get(REDIS.prefix() + "jobs:COUNT:lock")));
        assertThat(app.status(id)).as("the newer run's status is left alone").isEqualTo("Running");
    }

    @Test
    void should_stop_its_jobs_when_this_pool_was_declared_dead() throws Exception {
        String id = app.submit(job(CountingJob.NAME, "{\"sleep_ms\":60000}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> app.status(id).equals("Running"));
        String pool = app.service().camelContext().getRegistry().lookupByNameAndType("workerPool", WorkerPool.class).poolId();
        // what a reaper on another node does to a pool it thinks is dead
        JobQueue queue = new JobQueue(REDIS.connector(),
                new RedisKeys(REDIS.namespace()), null);
        queue.requeueInProgress(pool, List.of("COUNT"));
        REDIS.commands().del(REDIS.prefix() + "jobs:COUNT");
        // the next heartbeat (every 5 s) finds the pool gone and stops the job still running here
        await().atMost(Duration.ofSeconds(10)).until(() -> app.service().camelContext().getRegistry()
                .lookupByNameAndType("workerPool", WorkerPool.class).busyWorkers() == 0);
        assertThat(REDIS.commands().sismember(REDIS.prefix() + "worker_pools", pool)).as("registered again").isTrue();
    }

    @Test
    void should_not_reap_a_pool_whose_heartbeat_is_fresh() {
        DeadPoolReaper reaper = app.service().camelContext().getRegistry()
                .lookupByNameAndType("deadPoolReaper", DeadPoolReaper.class);
        String livePool = "a1a1a1a1a1a1a1a1a1a1a1a1";
        long now = System.currentTimeMillis() / 1000;
        REDIS.commands().sadd(REDIS.prefix() + "worker_pools", livePool);
        REDIS.commands().hset(REDIS.prefix() + "worker_pools:" + livePool, Map.of("heartbeat_at", Long.toString(now)));
        REDIS.commands().lpush(REDIS.prefix() + "jobs:COUNT:" + livePool + ":inprogress", "{\"name\":\"COUNT\",\"id\":\"x\"}");
        REDIS.commands().sadd(REDIS.prefix() + "known_jobs", "COUNT");
        reaper.runOnce();
        assertThat(REDIS.commands().llen(REDIS.prefix() + "jobs:COUNT:" + livePool + ":inprogress")).isEqualTo(1);
        assertThat(REDIS.commands().sismember(REDIS.prefix() + "worker_pools", livePool)).isTrue();
    }
}
