package io.jobservice.queue;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.job.JobIds;
import io.jobservice.job.JobKind;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.jobservice.json.Json;
import io.jobservice.queue.FetchedJob.Action;
import io.jobservice.queue.JobSetStore.Result;
import io.jobservice.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator's view of the scheduled, retry and dead sets against a real Redis: pages, run now and delete, with the
 * job then picked up by a worker-pool turn as any other.
 */
class JobSetStoreTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final long NOW = 1_760_000_000L;
    private static final String POOL = "aaaaaaaaaaaaaaaaaaaaaaa1";
    private static final String TYPE = "OPERATED";

    private static RedisKeys keys;
    private static JobStatsStore stats;
    private static JobQueue queue;
    private static JobSetStore sets;

    @BeforeAll
    static void connect() {
        keys = new RedisKeys(REDIS.namespace());
        stats = new JobStatsStore(REDIS.connector(), keys, JobStatsStore.Ttls.HARBOR);
        queue = new JobQueue(REDIS.connector(), keys, stats);
        sets = new JobSetStore(REDIS.connector(), keys, JobStatsStore.Ttls.HARBOR);
    }

    @BeforeEach
    void clear() {
        REDIS.clearNamespace();
    }

    // --- pages ---

    @Test
    void should_list_an_entry_with_its_id_name_time_failures_and_args_as_stored() {
        String id = JobIds.newId();
        String json = "{\"name\":\"" + TYPE + "\",\"id\":\"" + id + "\",\"t\":" + NOW
                + ",\"args\":{\"n\":1e+06,\"big\":12345678901234567890},\"fails\":2,\"err\":\"boom\",\"failed_at\":"
                + (NOW + 1) + "}";
        REDIS.commands().zadd(keys.retry(), NOW + 60, json);

        JobSetStore.Page page = sets.page(JobSet.RETRY, 0, 10);

        assertThat(page.total()).isEqualTo(1);
        assertThat(page.entries()).containsExactly(new JobSetEntry(id, TYPE, NOW + 60, 2, "boom", NOW + 1,
                "{\"n\":1e+06,\"big\":12345678901234567890}", json));
    }

    @Test
    void should_read_a_bounded_page_the_next_due_first() {
        List<QueuedJob> jobs = List.of(scheduled(NOW + 3), scheduled(NOW + 1), scheduled(NOW + 2), scheduled(NOW + 4));

        JobSetStore.Page page = sets.page(JobSet.SCHEDULED, 1, 2);

        assertThat(page.total()).isEqualTo(4);
        assertThat(page.entries()).extracting(JobSetEntry::jobId).containsExactly(jobs.get(2).id(), jobs.get(0).id());
        assertThat(page.entries()).extracting(JobSetEntry::score).containsExactly(NOW + 2, NOW + 3);
        assertThat(sets.page(JobSet.SCHEDULED, 4, 2).entries()).isEmpty();
    }

    @Test
    void should_list_the_dead_set_latest_death_first() {
        QueuedJob first = dead(NOW + 10);
        QueuedJob second = dead(NOW + 20);

        assertThat(sets.page(JobSet.DEAD, 0, 10).entries()).extracting(JobSetEntry::jobId)
                .containsExactly(second.id(), first.id());
    }

    @ParameterizedTest(name = "offset {0}, limit {1}")
    @CsvSource({"-1, 10", "0, 0", "0, 1001"})
    void should_refuse_a_page_out_of_bounds(long offset, int limit) {
        assertThatThrownBy(() -> sets.page(JobSet.DEAD, offset, limit)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_list_an_entry_that_is_not_a_job_with_an_empty_id_and_name() {
        REDIS.commands().zadd(keys.dead(), NOW, "{not json");

        assertThat(sets.page(JobSet.DEAD, 0, 10).entries()).containsExactly(
                new JobSetEntry("", "", NOW, 0, null, 0, null, "{not json"));
    }

    // --- run now ---

    @Test
    void should_run_a_scheduled_job_now_ahead_of_the_queued_ones_with_its_stats_unchanged() {
        QueuedJob waiting = pending();
        QueuedJob job = scheduled(NOW + 3600);
        long revision = stats.get(job.id()).revision();

        assertThat(sets.runNow(JobSet.SCHEDULED, entryId(job.id(), NOW + 3600), NOW + 5, any -> true))
                .isEqualTo(Result.DONE);

        assertThat(sets.page(JobSet.SCHEDULED, 0, 10).total()).isZero();
        assertThat(stats.status(job.id())).isEqualTo(JobStatus.SCHEDULED);
        FetchedJob f = fetchOne(NOW + 6);
        assertThat(f.job().id()).isEqualTo(job.id()).isNotEqualTo(waiting.id());
        assertThat(f.job().t()).isEqualTo(NOW + 5);
        assertThat(f.action()).isEqualTo(Action.RUN);
        assertThat(f.stats().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(f.stats().revision()).isEqualTo(revision);
    }

    @Test
    void should_run_a_retry_now_as_its_next_attempt_with_a_newer_revision() {
        QueuedJob job = pending();
        FetchedJob first = fetchOne(NOW + 1);
        failed(first, NOW + 600, NOW + 2);

        assertThat(sets.runNow(JobSet.RETRY, entryId(job.id(), NOW + 600), NOW + 5, any -> true)).isEqualTo(Result.DONE);

        assertThat(sets.page(JobSet.RETRY, 0, 10).total()).isZero();
        FetchedJob second = fetchOne(NOW + 6);
        assertThat(second.job().id()).isEqualTo(job.id());
        assertThat(second.job().fails()).isEqualTo(1);
        assertThat(second.job().err()).isEqualTo("boom");
        assertThat(second.stats().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(second.stats().revision()).isGreaterThan(first.stats().revision());
    }

    @Test
    void should_run_a_dead_job_again_under_its_id_as_pending_with_a_newer_revision_and_all_its_attempts() {
        QueuedJob job = pending();
        FetchedJob first = fetchOne(NOW + 1);
        failed(first, 0, NOW + 2);
        assertThat(stats.status(job.id())).isEqualTo(JobStatus.ERROR);
        assertThat(ttl(job.id())).isPositive();

        assertThat(sets.runNow(JobSet.DEAD, entryId(job.id(), NOW + 2), NOW + 5, any -> true)).isEqualTo(Result.DONE);

        JobStats again = stats.get(job.id());
        assertThat(again.status()).isEqualTo(JobStatus.PENDING);
        assertThat(again.revision()).isGreaterThan(first.stats().revision());
        assertThat(ttl(job.id())).isEqualTo(-1);
        assertThat(REDIS.commands().hget(keys.jobTrack(), job.id())).isEqualTo("2");
        assertThat(sets.page(JobSet.DEAD, 0, 10).total()).isZero();
        FetchedJob second = fetchOne(NOW + 6);
        assertThat(second.action()).isEqualTo(Action.RUN);
        assertThat(second.job().id()).isEqualTo(job.id());
        assertThat(second.job().fails()).isZero();
        assertThat(second.job().err()).isNull();
        assertThat(second.job().failedAt()).isZero();
        assertThat(second.job().args()).isEqualTo(job.args());
        assertThat(second.stats().revision()).isEqualTo(again.revision());
        assertThat(QueueTurns.complete(queue, POOL, new AttemptOutcome(second, JobStatus.SUCCESS,
                second.stats().revision(), 0, null), NOW + 7)).isEqualTo(JobStatsStore.WriteResult.OK);
    }

    @Test
    void should_count_a_dead_periodic_execution_run_again_as_unfinished() {
        String policyId = JobIds.newId();
        long fireTime = NOW - 60;
        String executionId = policyId + "@" + fireTime;
        QueuedJob job = new QueuedJob(TYPE, policyId, NOW, args("{\"_job_kind_periodic_\":" + fireTime + "}"), false,
                0, null, 0);
        assertThat(queue.enqueue(JobStats.newJob(executionId, TYPE, JobKind.SCHEDULED, JobStatus.PENDING, false, null,
                null, NOW), job, 0)).isTrue();
        REDIS.commands().zadd(keys.executions(policyId), fireTime, executionId);
        failed(fetchOne(NOW + 1), 0, NOW + 2);
        assertThat(REDIS.commands().zscore(keys.executions(policyId), executionId)).isEqualTo(-1.0);

        assertThat(sets.runNow(JobSet.DEAD, entryId(executionId, NOW + 2), NOW + 5, any -> true))
                .isEqualTo(Result.DONE);

        assertThat(REDIS.commands().zscore(keys.executions(policyId), executionId)).isEqualTo((double) fireTime);
        assertThat(stats.status(executionId)).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void should_not_act_on_an_entry_named_by_an_old_score_or_an_unknown_id() {
        QueuedJob job = scheduled(NOW + 60);

        assertThat(sets.runNow(JobSet.SCHEDULED, entryId(job.id(), NOW + 30), NOW, any -> true))
                .isEqualTo(Result.NOT_FOUND);
        assertThat(sets.runNow(JobSet.SCHEDULED, entryId(JobIds.newId(), NOW + 60), NOW, any -> true))
                .isEqualTo(Result.NOT_FOUND);
        assertThat(sets.runNow(JobSet.RETRY, entryId(job.id(), NOW + 60), NOW, any -> true))
                .isEqualTo(Result.NOT_FOUND);
        assertThat(sets.delete(JobSet.SCHEDULED, entryId(job.id(), NOW + 61), NOW)).isEqualTo(Result.NOT_FOUND);

        assertThat(sets.page(JobSet.SCHEDULED, 0, 10).total()).isEqualTo(1);
        assertThat(stats.status(job.id())).isEqualTo(JobStatus.SCHEDULED);
    }

    @Test
    void should_keep_an_entry_whose_job_stats_are_gone_or_whose_type_no_pool_runs() {
        QueuedJob job = pending();
        failed(fetchOne(NOW + 1), 0, NOW + 2);

        assertThat(sets.runNow(JobSet.DEAD, entryId(job.id(), NOW + 2), NOW + 5, type -> false))
                .isEqualTo(Result.UNKNOWN_JOB_TYPE);
        REDIS.commands().del(keys.jobStats(job.id()));
        assertThat(sets.runNow(JobSet.DEAD, entryId(job.id(), NOW + 2), NOW + 5, any -> true))
                .isEqualTo(Result.STATS_GONE);

        assertThat(sets.page(JobSet.DEAD, 0, 10).total()).isEqualTo(1);
        assertThat(QueueTurns.size(queue, TYPE)).isZero();
    }

    @Test
    void should_refuse_to_run_an_entry_the_worker_pool_buried_and_delete_it() {
        REDIS.commands().lpush(keys.jobQueue(TYPE), "{not json");
        assertThat(queue.cycle(POOL, List.of(), List.of(TYPE), List.of(JobIds.newId()), Integer.MAX_VALUE, NOW, 60)
                .buried()).hasSize(1);
        JobSetEntry buried = sets.page(JobSet.DEAD, 0, 10).entries().get(0);
        assertThat(buried.jobName()).isEqualTo(TYPE);

        assertThat(sets.runNow(JobSet.DEAD, buried.id(), NOW + 1, any -> true)).isEqualTo(Result.NOT_A_JOB);
        assertThat(sets.delete(JobSet.DEAD, buried.id(), NOW + 1)).isEqualTo(Result.DONE);

        assertThat(sets.page(JobSet.DEAD, 0, 10).total()).isZero();
        assertThat(QueueTurns.size(queue, TYPE)).isZero();
    }

    // --- delete ---

    @Test
    void should_delete_a_scheduled_job_so_it_reads_stopped_and_gives_back_its_unique_key() {
        QueuedJob job = new QueuedJob(TYPE, JobIds.newId(), NOW, args("{\"tag\":\"v1\"}"), true, 0, null, 0);
        assertThat(queue.enqueue(statsOf(job, JobKind.SCHEDULED, JobStatus.SCHEDULED).withRunAt(NOW + 60), job,
                NOW + 60)).isTrue();
        assertThat(REDIS.commands().exists(keys.unique(TYPE, job.canonicalArgs()))).isEqualTo(1L);

        assertThat(sets.delete(JobSet.SCHEDULED, entryId(job.id(), NOW + 60), NOW + 1)).isEqualTo(Result.DONE);

        assertThat(sets.page(JobSet.SCHEDULED, 0, 10).total()).isZero();
        assertThat(stats.status(job.id())).isEqualTo(JobStatus.STOPPED);
        assertThat(ttl(job.id())).isPositive();
        assertThat(REDIS.commands().hget(keys.jobTrack(), job.id())).as("only the ACK of its hook left").isEqualTo("1");
        assertThat(REDIS.commands().exists(keys.unique(TYPE, job.canonicalArgs()))).isZero();
    }

    @Test
    void should_delete_a_retry_or_dead_entry_and_leave_its_job_in_error() {
        QueuedJob retried = pending();
        failed(fetchOne(NOW + 1), NOW + 600, NOW + 2);
        QueuedJob died = pending();
        failed(fetchOne(NOW + 2), 0, NOW + 3);

        assertThat(sets.delete(JobSet.RETRY, entryId(retried.id(), NOW + 600), NOW + 5)).isEqualTo(Result.DONE);
        assertThat(sets.delete(JobSet.DEAD, entryId(died.id(), NOW + 3), NOW + 5)).isEqualTo(Result.DONE);

        assertThat(sets.page(JobSet.RETRY, 0, 10).total()).isZero();
        assertThat(sets.page(JobSet.DEAD, 0, 10).total()).isZero();
        assertThat(stats.status(retried.id())).isEqualTo(JobStatus.ERROR);
        assertThat(stats.status(died.id())).isEqualTo(JobStatus.ERROR);
        assertThat(sets.delete(JobSet.DEAD, entryId(died.id(), NOW + 3), NOW + 6)).isEqualTo(Result.NOT_FOUND);
    }

    // --- helpers ---

    private static QueuedJob pending() {
        QueuedJob job = new QueuedJob(TYPE, JobIds.newId(), NOW, args("{\"n\":1}"), false, 0, null, 0);
        assertThat(queue.enqueue(statsOf(job, JobKind.GENERIC, JobStatus.PENDING), job, 0)).isTrue();
        return job;
    }

    private static QueuedJob scheduled(long runAt) {
        QueuedJob job = new QueuedJob(TYPE, JobIds.newId(), NOW, args("{\"n\":1}"), false, 0, null, 0);
        assertThat(queue.enqueue(statsOf(job, JobKind.SCHEDULED, JobStatus.SCHEDULED).withRunAt(runAt), job, runAt))
                .isTrue();
        return job;
    }

    /** A job that failed for good at {@code diedAt}. */
    private static QueuedJob dead(long diedAt) {
        QueuedJob job = pending();
        failed(fetchOne(diedAt - 1), 0, diedAt);
        return job;
    }

    /** Ends the attempt in Error at {@code now}: to the retry set when {@code retryAt > 0}, else to the dead set. */
    private static void failed(FetchedJob fetched, long retryAt, long now) {
        QueuedJob job = fetched.job();
        QueuedJob failedJob = new QueuedJob(job.name(), job.id(), job.t(), job.args(), job.unique(), job.fails() + 1,
                "boom", now);
        QueueTurns.complete(queue, POOL, new AttemptOutcome(fetched, JobStatus.ERROR, fetched.stats().revision(),
                retryAt, failedJob), now);
    }

    private static FetchedJob fetchOne(long now) {
        List<FetchedJob> fetched = QueueTurns.fetch(queue, POOL, List.of(TYPE), List.of(JobIds.newId()), now, 60);
        assertThat(fetched).hasSize(1);
        return fetched.get(0);
    }

    private static JobStats statsOf(QueuedJob job, JobKind kind, JobStatus status) {
        return JobStats.newJob(job.id(), job.name(), kind, status, job.unique(), null, Json.write(job.args()), NOW);
    }

    private static JobSetEntry.Id entryId(String jobId, long score) {
        return new JobSetEntry.Id(jobId, score);
    }

    private static JsonNode args(String json) {
        try {
            return Json.read(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static long ttl(String id) {
        return REDIS.commands().ttl(keys.jobStats(id));
    }
}
