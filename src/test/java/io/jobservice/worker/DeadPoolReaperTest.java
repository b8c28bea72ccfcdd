package io.jobservice.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.jobservice.job.JobIds;
import io.jobservice.job.JobKind;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.jobservice.json.Json;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.QueuedJob;
import io.jobservice.queue.WorkerPoolStore;
import io.jobservice.support.RedisServerExtension;
import io.jobservice.support.SettableClock;
import io.jobservice.support.StoreFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that stops beating is found dead by another node's reaper once its heartbeat is older than the limit by
 * that node's clock, and the job it held goes back on its queue; one beat in time keeps it alive.
 */
class DeadPoolReaperTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();
    static final StoreFixture STORE = StoreFixture.on(REDIS);
    private static final long DEAD_AFTER_SECONDS = 15;

    private final SettableClock clock = new SettableClock(Instant.ofEpochSecond(1_760_000_000L));
    private JobQueue queue;
    private WorkerPoolStore pools;
    private WorkerPool crashed;
    private Heartbeater crashedHeartbeat;
    private DeadPoolReaper survivorsReaper;

    @BeforeEach
    void setUp() {
        STORE.clear();
        queue = STORE.queue();
        queue.registerJobTypes(Map.of("REAPED", 10));
        pools = new WorkerPoolStore(STORE.connector(), STORE.keys());
        crashed = new WorkerPool(1, clock.millis() / 1000);
        crashedHeartbeat = new Heartbeater(crashed, pools, () -> List.of("REAPED"), clock, () -> { });
        survivorsReaper = new DeadPoolReaper(new WorkerPool(1, 0).poolId(), pools, queue, clock, DEAD_AFTER_SECONDS);
    }

    @Test
    void should_requeue_the_jobs_of_a_pool_whose_heartbeat_is_older_than_the_limit() throws Exception {
        crashedHeartbeat.runOnce();
        String id = submitAndFetchOnTheCrashedPool();

        clock.advance(Duration.ofSeconds(DEAD_AFTER_SECONDS));
        assertThat(survivorsReaper.runOnce()).as("at the limit, still alive").isZero();
        assertThat(pools.poolIds()).contains(crashed.poolId());

        clock.advance(Duration.ofSeconds(1));
        assertThat(survivorsReaper.runOnce()).isEqualTo(1);
        assertThat(pools.poolIds()).doesNotContain(crashed.poolId());
        assertThat(queue.inProgress(crashed.poolId(), List.of("REAPED")).get("REAPED")).isEmpty();
        assertThat(queue.queues(List.of("REAPED")).get(0).size()).isEqualTo(1);
        assertThat(queue.cycle("other-pool", List.of(), List.of("REAPED"), List.of("other-worker"), 10,
                clock.millis() / 1000, 60).fetched()).extracting(f -> f.job().id()).containsExactly(id);
    }

    @Test
    void should_leave_a_pool_alone_that_beats_in_time() throws Exception {
        crashedHeartbeat.runOnce();
        submitAndFetchOnTheCrashedPool();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(DEAD_AFTER_SECONDS - 1));
            crashedHeartbeat.runOnce();
            assertThat(survivorsReaper.runOnce()).isZero();
        }
        assertThat(pools.poolIds()).contains(crashed.poolId());
        assertThat(queue.inProgress(crashed.poolId(), List.of("REAPED")).get("REAPED")).hasSize(1);
    }

    private String submitAndFetchOnTheCrashedPool() throws Exception {
        long now = clock.millis() / 1000;
        String id = JobIds.newId();
        assertThat(queue.enqueue(JobStats.newJob(id, "REAPED", JobKind.GENERIC, JobStatus.PENDING, false, null, "{}",
                now), new QueuedJob("REAPED", id, now, Json.read("{}"), false, 0, null, 0), 0)).isTrue();
        assertThat(queue.cycle(crashed.poolId(), List.of(), List.of("REAPED"), crashed.takeIdleWorkers(), 10, now, 60)
                .fetched()).hasSize(1);
        return id;
    }
}
