package io.jobservice.admin;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.jobservice.job.JobIds;
import io.jobservice.job.JobKind;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.jobservice.queue.AttemptOutcome;
import io.jobservice.queue.FetchedJob;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.JobSet;
import io.jobservice.queue.JobSetEntry;
import io.jobservice.queue.JobSetStore;
import io.jobservice.queue.JobStatsStore;
import io.jobservice.queue.PeriodicPolicyStore;
import io.jobservice.queue.QueuedJob;
import io.jobservice.queue.RedisKeys;
import io.jobservice.queue.WorkerPoolStore;
import io.jobservice.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator's actions against a real Redis, and whom they tell on this node. The sets' rules in detail are in
 * JobSetStoreTest; here a job run again is picked up by a worker-pool turn of {@link JobQueue#cycle}.
 */
class AdminServiceTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final long NOW = 1_760_000_000L;
    private static final String POOL = "aaaaaaaaaaaaaaaaaaaaaaa1";

    private final AtomicInteger jobsReady = new AtomicInteger();
    private final AtomicInteger policiesChanged = new AtomicInteger();
    private final AtomicInteger queueChanges = new AtomicInteger();
    private RedisKeys keys;
    private JobStatsStore stats;
    private JobQueue queue;
    private AdminService admin;

    @BeforeEach
    void setUp() {
        REDIS.clearNamespace();
        keys = new RedisKeys(REDIS.namespace());
        stats = new JobStatsStore(REDIS.connector(), keys, JobStatsStore.Ttls.HARBOR);
        queue = new JobQueue(REDIS.connector(), keys, stats, new JobQueue.DeadSetLimits(3600, 100));
        admin = new AdminService(new AdminService.Stores(stats, new PeriodicPolicyStore(REDIS.connector(), keys, stats),
                queue, new WorkerPoolStore(REDIS.connector(), keys),
                new JobSetStore(REDIS.connector(), keys, JobStatsStore.Ttls.HARBOR)),
                new AdminService.Listeners(jobsReady::incrementAndGet, policiesChanged::incrementAndGet),
                () -> List.of("LOCAL"), Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC))
                .onQueueChange(queueChanges::incrementAndGet);
    }

    @Test
    void should_stop_a_pending_job_so_it_never_runs() {
        QueuedJob job = new QueuedJob("LOCAL", JobIds.newId(), NOW, null, false, 0, null, 0);
        queue.enqueue(JobStats.newJob(job.id(), job.name(), JobKind.GENERIC, JobStatus.PENDING, false, null, null, NOW),
                job, 0);

        admin.stopJob(job.id());

        assertThat(stats.status(job.id())).isEqualTo(JobStatus.STOPPED);
        assertThat(policiesChanged).hasValue(0);
    }

    @Test
    void should_refuse_to_stop_an_id_that_is_neither_a_job_nor_a_policy() {
        assertThatThrownBy(() -> admin.stopJob("0123456789abcdef01234567")).isInstanceOf(NotFoundException.class)
                .hasMessage("0123456789abcdef01234567");
    }

    @Test
    void should_wake_the_workers_when_a_queue_is_resumed_and_not_when_it_is_paused() {
        admin.pause("LOCAL");

        assertThat(REDIS.commands().exists(keys.paused("LOCAL"))).isEqualTo(1L);
        assertThat(jobsReady).hasValue(0);
        assertThat(queueChanges).hasValue(1);

        admin.resume("LOCAL");

        assertThat(REDIS.commands().exists(keys.paused("LOCAL"))).isZero();
        assertThat(jobsReady).hasValue(1);
        assertThat(queueChanges).hasValue(2);
    }

    @Test
    void should_pause_a_job_type_that_only_another_node_registers() {
        REDIS.commands().sadd(keys.knownJobs(), "REMOTE");

        admin.pause("REMOTE");

        assertThat(REDIS.commands().exists(keys.paused("REMOTE"))).isEqualTo(1L);
    }

    @Test
    void should_refuse_a_job_type_no_node_registers_and_write_nothing() {
        assertThatThrownBy(() -> admin.pause("NOPE")).isInstanceOf(NotFoundException.class)
                .hasMessage("job type NOPE");
        assertThatThrownBy(() -> admin.resume("NOPE")).isInstanceOf(NotFoundException.class);

        assertThat(REDIS.commands().exists(keys.paused("NOPE"))).isZero();
        assertThat(jobsReady).hasValue(0);
        assertThat(queueChanges).hasValue(0);
    }

    @Test
    void should_run_a_dead_job_again_and_wake_the_workers() {
        QueuedJob job = pendingJob("LOCAL");
        FetchedJob first = fetch("LOCAL", NOW + 1);
        QueuedJob failed = new QueuedJob(job.name(), job.id(), job.t(), null, false, 1, "boom", NOW + 2);
        queue.cycle(POOL, List.of(new AttemptOutcome(first, JobStatus.ERROR, first.stats().revision(), 0, failed)),
                List.of(), List.of(), Integer.MAX_VALUE, NOW + 2, 60);
        JobSetEntry entry = admin.entries(JobSet.DEAD, 0, 10).entries().get(0);
        assertThat(entry.id()).isEqualTo(new JobSetEntry.Id(job.id(), NOW + 2));
        assertThat(entry.lastError()).isEqualTo("boom");

        assertThat(admin.runNow(JobSet.DEAD, entry.id())).isEqualTo(JobSetStore.Result.DONE);

        assertThat(jobsReady).hasValue(1);
        assertThat(stats.status(job.id())).isEqualTo(JobStatus.PENDING);
        FetchedJob again = fetch("LOCAL", NOW + 3);
        assertThat(again.job().id()).isEqualTo(job.id());
        assertThat(again.stats().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(again.stats().revision()).isGreaterThan(first.stats().revision());
    }

    @Test
    void should_run_a_scheduled_job_of_a_type_only_another_node_registers() {
        REDIS.commands().sadd(keys.knownJobs(), "REMOTE");
        QueuedJob job = scheduledJob("REMOTE", NOW + 600);

        assertThat(admin.runNow(JobSet.SCHEDULED, new JobSetEntry.Id(job.id(), NOW + 600)))
                .isEqualTo(JobSetStore.Result.DONE);

        assertThat(queue.queues(List.of("REMOTE")).get(0).size()).isEqualTo(1);
    }

    @Test
    void should_leave_an_entry_of_a_job_type_no_node_registers_and_not_wake_anyone() {
        QueuedJob job = scheduledJob("NOPE", NOW + 600);

        assertThat(admin.runNow(JobSet.SCHEDULED, new JobSetEntry.Id(job.id(), NOW + 600)))
                .isEqualTo(JobSetStore.Result.UNKNOWN_JOB_TYPE);
        assertThat(admin.runNow(JobSet.SCHEDULED, new JobSetEntry.Id(job.id(), NOW + 601)))
                .isEqualTo(JobSetStore.Result.NOT_FOUND);

        assertThat(admin.entries(JobSet.SCHEDULED, 0, 10).total()).isEqualTo(1);
        assertThat(jobsReady).hasValue(0);
    }

    @Test
    void should_delete_a_scheduled_job_so_it_reads_stopped_like_a_stopped_one() {
        QueuedJob job = scheduledJob("LOCAL", NOW + 600);

        assertThat(admin.deleteEntry(JobSet.SCHEDULED, new JobSetEntry.Id(job.id(), NOW + 600)))
                .isEqualTo(JobSetStore.Result.DONE);
        assertThat(admin.deleteEntry(JobSet.SCHEDULED, new JobSetEntry.Id(job.id(), NOW + 600)))
                .isEqualTo(JobSetStore.Result.NOT_FOUND);

        assertThat(stats.status(job.id())).isEqualTo(JobStatus.STOPPED);
        assertThat(admin.entries(JobSet.SCHEDULED, 0, 10).total()).isZero();
    }

    @Test
    void should_refuse_a_page_larger_than_the_bound() {
        assertThatThrownBy(() -> admin.entries(JobSet.RETRY, 0, JobSetStore.MAX_PAGE_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private QueuedJob pendingJob(String name) {
        QueuedJob job = new QueuedJob(name, JobIds.newId(), NOW, null, false, 0, null, 0);
        queue.enqueue(JobStats.newJob(job.id(), name, JobKind.GENERIC, JobStatus.PENDING, false, null, null, NOW), job,
                0);
        return job;
    }

    private QueuedJob scheduledJob(String name, long runAt) {
        QueuedJob job = new QueuedJob(name, JobIds.newId(), NOW, null, false, 0, null, 0);
        queue.enqueue(JobStats.newJob(job.id(), name, JobKind.SCHEDULED, JobStatus.SCHEDULED, false, null, null, NOW)
                .withRunAt(runAt), job, runAt);
        return job;
    }

    private FetchedJob fetch(String name, long now) {
        List<FetchedJob> fetched = queue.cycle(POOL, List.of(), List.of(name), List.of(JobIds.newId()),
                Integer.MAX_VALUE, now, 60).fetched();
        assertThat(fetched).hasSize(1);
        return fetched.get(0);
    }
}
