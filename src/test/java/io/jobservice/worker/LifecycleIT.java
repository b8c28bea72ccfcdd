package io.jobservice.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.jobservice.support.CountingJob;
import io.jobservice.support.Jobs;
import io.jobservice.support.StoreFixture;
import io.jobservice.support.TestAppExtension;
import io.jobservice.support.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stops that stop, time-outs, the dead set, fair sharing of workers and crashed pools (contract 7, 10.3-10.5). */
class LifecycleIT {

    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.perClass().workers(3).clearBeforeEach();
    static final StoreFixture STORE = APP.store();

    @Test
    void should_stop_a_cooperative_running_job_within_a_second() throws Exception {
        String id = APP.submit(Jobs.demo(60_000, false));
        await().atMost(Duration.ofSeconds(5)).until(() -> APP.status(id).equals("Running"));
        assertThat(APP.stopJob(id).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(2)).until(() -> APP.status(id).equals("Stopped")
                && STORE.commands().get(STORE.keys().lock("DEMO")).equals("0"));
    }

    @Test
    void should_interrupt_a_job_that_ignores_the_stop_after_the_grace_period() throws Exception {
        String id = APP.submit(Jobs.generic(CountingJob.NAME, "{\"sleep_ms\":60000}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> APP.status(id).equals("Running"));
        APP.stopJob(id);
        // grace 1 s in the tests: the worker is free again within seconds, the job stays Stopped
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "0".equals(STORE.commands().get(STORE.keys().lock("COUNT"))));
        assertThat(APP.status(id)).isEqualTo("Stopped");
        assertThat(STORE.commands().zcard(STORE.keys().retry())).as("a stopped job is not retried").isZero();
    }

    @Test
    void should_end_a_run_past_its_max_run_seconds_in_error_and_keep_it_in_the_dead_set() throws Exception {
        String id = APP.submit(Jobs.generic(TestJobs.SLOW, "{\"sleep_ms\":60000}"));
        await().atMost(Duration.ofSeconds(8)).until(() -> APP.status(id).equals("Error"));
        List<String> dead = STORE.commands().zrange(STORE.keys().dead(), 0, -1);
        assertThat(dead).anySatisfy(entry -> assertThat(entry).contains(id).contains("max_run_seconds of 1 s")
                .contains("\"fails\":1"));
    }

    @Test
    void should_keep_a_job_that_failed_without_retries_in_the_dead_set() throws Exception {
        String id = APP.submit(Jobs.generic(TestJobs.BROKEN, "{}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> APP.status(id).equals("Error"));
        assertThat(STORE.commands().zrange(STORE.keys().dead(), 0, -1))
                .anySatisfy(entry -> assertThat(entry).contains(id).contains("broken on purpose"));
        assertThat(STORE.commands().ttl(STORE.keys().jobStats(id))).isBetween(604_000L, 604_800L);
    }

    @Test
    void should_start_another_types_job_within_a_second_while_one_type_floods_the_queues() throws Exception {
        STORE.pause("COUNT");
        String flood = Jobs.generic(CountingJob.NAME, "{\"sleep_ms\":2000}");
        for (int i = 0; i < 10_000; i++) {
            APP.postJson("/api/v1/jobs", flood);
        }
        STORE.resume("COUNT");
        // every worker but the reserved one is busy with 2 s jobs
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "2".equals(STORE.commands().get(STORE.keys().lock("COUNT"))));
        long submitted = System.nanoTime();
        String other = APP.submit(Jobs.noop());
        await().atMost(Duration.ofSeconds(1)).until(() -> APP.status(other).equals("Success"));
        System.out.printf("NOOP job started and finished %d ms after submit behind 10,000 queued jobs%n",
                (System.nanoTime() - submitted) / 1_000_000);
        STORE.commands().del(STORE.keys().jobQueue("COUNT"));
    }

    @Test
    void should_return_the_jobs_of_a_dead_pool_to_their_queue_and_rerun_them() throws Exception {
        String deadPool = "deaddeaddeaddeaddeaddead";
        String id = "0123456789abcdef0123dead";
        long now = System.currentTimeMillis() / 1000;
        String json = "{\"name\":\"COUNT\",\"id\":\"" + id + "\",\"t\":" + (now - 120) + ",\"args\":{}}";
        STORE.commands().hset(STORE.keys().jobStats(id), Map.of("id", id, "name", "COUNT", "kind", "Generic",
                "unique", "0", "status", "Running", "enqueue_time", Long.toString(now - 120),
                "update_time", Long.toString(now - 60), "revision", Long.toString(now - 120)));
        STORE.commands().lpush(STORE.keys().inProgress("COUNT", deadPool), json);
        STORE.commands().set(STORE.keys().lock("COUNT"), "1");
        STORE.commands().hset(STORE.keys().lockInfo("COUNT"), deadPool, "1");
        STORE.commands().sadd(STORE.keys().workerPools(), deadPool);
        STORE.commands().hset(STORE.keys().heartbeat(deadPool), Map.of("heartbeat_at", Long.toString(now - 60),
                "started_at", Long.toString(now - 600), "job_names", "COUNT", "concurrency", "1"));
        STORE.commands().sadd(STORE.keys().knownJobs(), "COUNT");

        await().atMost(Duration.ofSeconds(10)).until(() -> APP.status(id).equals("Success"));
        assertThat(CountingJob.runs(id)).isEqualTo(1);
        assertThat(Long.parseLong(STORE.commands().hget(STORE.keys().jobStats(id), "revision")))
                .as("a new run, with a newer revision").isGreaterThan(now - 120);
        assertThat(STORE.commands().sismember(STORE.keys().workerPools(), deadPool)).isFalse();
        assertThat(STORE.commands().hget(STORE.keys().lockInfo("COUNT"), deadPool)).isNull();
        await().atMost(Duration.ofSeconds(2)).until(() -> "0".equals(STORE.commands().get(STORE.keys().lock("COUNT"))));
    }

    @Test
    void should_stop_a_job_here_once_another_node_runs_it_with_a_newer_revision() throws Exception {
        String id = APP.submit(Jobs.generic(CountingJob.NAME, "{\"sleep_ms\":60000}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> APP.status(id).equals("Running"));
        STORE.commands().hincrby(STORE.keys().jobStats(id), "revision", 1);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "0".equals(STORE.commands().get(STORE.keys().lock("COUNT"))));
        assertThat(APP.status(id)).as("the newer run's status is left alone").isEqualTo("Running");
    }

    @Test
    void should_stop_its_jobs_when_this_pool_was_declared_dead() throws Exception {
        String id = APP.submit(Jobs.generic(CountingJob.NAME, "{\"sleep_ms\":60000}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> APP.status(id).equals("Running"));
        String pool = APP.service().camelContext().getRegistry().lookupByNameAndType("workerPool", WorkerPool.class).poolId();
        // what a reaper on another node does to a pool it thinks is dead
        STORE.queue().requeueInProgress(pool, List.of("COUNT"));
        STORE.commands().del(STORE.keys().jobQueue("COUNT"));
        // the next heartbeat (every 5 s) finds the pool gone and stops the job still running here
        await().atMost(Duration.ofSeconds(10)).until(() -> APP.service().camelContext().getRegistry()
                .lookupByNameAndType("workerPool", WorkerPool.class).busyWorkers() == 0);
        assertThat(STORE.commands().sismember(STORE.keys().workerPools(), pool)).as("registered again").isTrue();
    }

    @Test
    void should_not_reap_a_pool_whose_heartbeat_is_fresh() {
        DeadPoolReaper reaper = APP.service().camelContext().getRegistry()
                .lookupByNameAndType("deadPoolReaper", DeadPoolReaper.class);
        String livePool = "a1a1a1a1a1a1a1a1a1a1a1a1";
        long now = System.currentTimeMillis() / 1000;
        STORE.commands().sadd(STORE.keys().workerPools(), livePool);
        STORE.commands().hset(STORE.keys().heartbeat(livePool), Map.of("heartbeat_at", Long.toString(now)));
        STORE.commands().lpush(STORE.keys().inProgress("COUNT", livePool), "{\"name\":\"COUNT\",\"id\":\"x\"}");
        STORE.commands().sadd(STORE.keys().knownJobs(), "COUNT");
        reaper.runOnce();
        assertThat(STORE.commands().llen(STORE.keys().inProgress("COUNT", livePool))).isEqualTo(1);
        assertThat(STORE.commands().sismember(STORE.keys().workerPools(), livePool)).isTrue();
    }
}
