package io.jobservice.queue;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.job.JobIds;
import io.jobservice.job.JobKind;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.jobservice.json.Json;
import io.jobservice.queue.FetchedJob.Action;
import io.jobservice.queue.JobStatsStore.WriteResult;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The job queues against a real Redis (contract 3.3 to 3.5, 6.2, 10.3 to 10.5; decisions D1, D2): enqueue, fetch,
 * complete, retries, unique jobs, concurrency caps and the crash case. gocraft's counters ({@code lock},
 * {@code lock_info}), the in-progress lists and Harbor's in-progress counter have no read API but are read by core's
 * dashboard and the reapers, so they are checked through {@link RedisKeys} (whose formats RedisKeysTest pins, so a
 * job queued by a Go jobservice is written where Harbor's side writes it).
 */
class JobQueueTest extends QueueStoreTestSupport {

    private static final long OBSERVATION_TTL = 86_400;
    private static final String POOL = "aaaaaaaaaaaaaaaaaaaaaaa1";
    private static final String OTHER_POOL = "bbbbbbbbbbbbbbbbbbbbbbb2";

    // --- fetch and complete ---

    @Test
    void should_mark_a_fetched_job_running_and_hold_it_in_the_pools_in_progress_list() {
        QueuedJob job = enqueued("FETCH");
        String worker = JobIds.newId();

        List<FetchedJob> fetched = QueueTurns.fetch(queue, POOL, List.of("FETCH"), List.of(worker), NOW + 5, OBSERVATION_TTL);

        assertThat(fetched).hasSize(1);
        FetchedJob f = fetched.get(0);
        assertThat(f.action()).isEqualTo(Action.RUN);
        assertThat(f.workerId()).isEqualTo(worker);
        assertThat(f.queueName()).isEqualTo("FETCH");
        assertThat(f.json()).isEqualTo(job.toJson());
        assertThat(f.job()).isEqualTo(job);
        assertThat(f.stats().id()).isEqualTo(job.id());
        assertThat(f.stats().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(f.stats().updateTime()).isEqualTo(NOW + 5);
        assertThat(f.stats().revision()).isEqualTo(NOW);
        assertThat(store.get(job.id())).isEqualTo(f.stats());
        assertThat(QueueTurns.size(queue, "FETCH")).isZero();
        assertThat(inProgress("FETCH", POOL)).containsExactly(job.toJson());
        assertThat(lock("FETCH")).isEqualTo("1");
        assertThat(lockInfo("FETCH")).containsExactly(Map.entry(POOL, "1"));
    }

    @Test
    void should_take_a_completed_job_out_of_progress_give_back_its_slot_and_write_success() {
        QueuedJob job = enqueued("COMPLETE");
        FetchedJob f = fetchOne(POOL, "COMPLETE", NOW + 5);

        WriteResult result = QueueTurns.complete(queue, POOL, new AttemptOutcome(f, JobStatus.SUCCESS, f.stats().revision(), 0, null), NOW + 10);

        assertThat(result).isEqualTo(WriteResult.OK);
        JobStats stats = store.get(job.id());
        assertThat(stats.status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(stats.updateTime()).isEqualTo(NOW + 10);
        assertThat(inProgress("COMPLETE", POOL)).isEmpty();
        assertThat(lock("COMPLETE")).isEqualTo("0");
        assertThat(lockInfo("COMPLETE")).isEmpty();
        assertThat(REDIS.commands().zcard(keys.retry())).isZero();
        assertThat(QueueTurns.fetch(queue, POOL, List.of("COMPLETE"), List.of(JobIds.newId()), NOW + 11, OBSERVATION_TTL))
                .isEmpty();
    }

    @Test
    void should_count_ended_attempts_in_the_throughput_bucket_of_their_turn() {
        enqueued("COUNTED");
        enqueued("COUNTED");
        enqueued("COUNTED");
        // NOW is a multiple of 10: NOW + 12 and NOW + 19 fall in one bucket, NOW + 21 in the next
        FetchedJob success = fetchOne(POOL, "COUNTED", NOW + 11);
        FetchedJob failure = fetchOne(POOL, "COUNTED", NOW + 11);
        FetchedJob later = fetchOne(POOL, "COUNTED", NOW + 11);
        queue.cycle(POOL, List.of(new AttemptOutcome(success, JobStatus.SUCCESS, success.stats().revision(), 0, null),
                new AttemptOutcome(failure, JobStatus.ERROR, failure.stats().revision(), 0, null)), List.of(), List.of(),
                Integer.MAX_VALUE, NOW + 12, 0);
        QueueTurns.complete(queue, POOL, AttemptOutcome.dropped(later), NOW + 19);
        QueueTurns.complete(queue, POOL, new AttemptOutcome(later, JobStatus.SUCCESS, later.stats().revision(), 0, null),
                NOW + 21);

        List<ThroughputBuckets.Bucket> buckets = new ThroughputBuckets(redis, keys).last(NOW + 25);
        assertThat(buckets).hasSize(ThroughputBuckets.BUCKETS);
        assertThat(buckets.get(buckets.size() - 1)).isEqualTo(new ThroughputBuckets.Bucket(NOW + 20, 1, 0));
        assertThat(buckets.get(buckets.size() - 2)).isEqualTo(new ThroughputBuckets.Bucket(NOW + 10, 1, 1));
        assertThat(buckets.get(0).t()).isEqualTo(NOW + 20 - 10 * (ThroughputBuckets.BUCKETS - 1));
        assertThat(REDIS.commands().ttl(keys.throughput(NOW + 10))).isPositive();
    }

    @Test
    void should_fetch_nothing_from_empty_queues() {
        assertThat(QueueTurns.fetch(queue, POOL, List.of("EMPTY_A", "EMPTY_B"), List.of(JobIds.newId(), JobIds.newId()), NOW,
                OBSERVATION_TTL)).isEmpty();
        assertThat(lock("EMPTY_A")).isNull();
    }

    @Test
    void should_fetch_jobs_of_a_type_in_the_order_they_were_queued() {
        List<QueuedJob> jobs = IntStream.range(0, 4).mapToObj(i -> enqueued("FIFO")).toList();

        List<FetchedJob> first = QueueTurns.fetch(queue, POOL, List.of("FIFO"), List.of("w1"), NOW, OBSERVATION_TTL);
        List<FetchedJob> rest = QueueTurns.fetch(queue, POOL, List.of("FIFO"), List.of("w2", "w3", "w4"), NOW, OBSERVATION_TTL);

        assertThat(first).extracting(f -> f.job().id()).containsExactly(jobs.get(0).id());
        assertThat(rest).extracting(f -> f.job().id())
                .containsExactly(jobs.get(1).id(), jobs.get(2).id(), jobs.get(3).id());
        assertThat(rest).extracting(FetchedJob::workerId).containsExactly("w2", "w3", "w4");
    }

    @Test
    void should_try_job_types_in_the_order_given_and_hand_each_worker_one_job() {
        QueuedJob a = enqueued("TYPE_A");
        QueuedJob b1 = enqueued("TYPE_B");
        QueuedJob b2 = enqueued("TYPE_B");

        List<FetchedJob> fetched = QueueTurns.fetch(queue, POOL, List.of("TYPE_B", "TYPE_A"), List.of("w1", "w2"), NOW,
                OBSERVATION_TTL);
        List<FetchedJob> last = QueueTurns.fetch(queue, POOL, List.of("TYPE_B", "TYPE_A"), List.of("w3", "w4"), NOW,
                OBSERVATION_TTL);

        assertThat(fetched).extracting(f -> f.job().id()).containsExactly(b1.id(), b2.id());
        assertThat(fetched).extracting(FetchedJob::queueName).containsExactly("TYPE_B", "TYPE_B");
        assertThat(last).extracting(f -> f.job().id()).containsExactly(a.id());
        assertThat(last).extracting(FetchedJob::queueName).containsExactly("TYPE_A");
        assertThat(last).extracting(FetchedJob::workerId).containsExactly("w3");
    }

    @Test
    void should_not_fetch_a_paused_job_type() {
        QueuedJob paused = enqueued("PAUSED");
        QueuedJob other = enqueued("NOT_PAUSED");
        // core's dashboard pauses a queue by setting this key (contract 10.2)
        REDIS.commands().set(keys.paused("PAUSED"), "1");

        List<FetchedJob> whilePaused = QueueTurns.fetch(queue, POOL, List.of("PAUSED", "NOT_PAUSED"), List.of("w1", "w2"), NOW,
                OBSERVATION_TTL);

        assertThat(whilePaused).extracting(f -> f.job().id()).containsExactly(other.id());
        assertThat(QueueTurns.size(queue, "PAUSED")).isEqualTo(1);
        assertThat(store.status(paused.id())).isEqualTo(JobStatus.PENDING);

        REDIS.commands().del(keys.paused("PAUSED"));
        assertThat(QueueTurns.fetch(queue, POOL, List.of("PAUSED"), List.of("w3"), NOW, OBSERVATION_TTL))
                .extracting(f -> f.job().id()).containsExactly(paused.id());
    }

    @Test
    void should_cap_running_jobs_of_a_type_at_its_max_concurrency_across_pools() {
        queue.registerJobTypes(Map.of("CAPPED", 1));
        QueuedJob first = enqueued("CAPPED");
        QueuedJob second = enqueued("CAPPED");

        List<FetchedJob> poolA = QueueTurns.fetch(queue, POOL, List.of("CAPPED"), List.of("a1", "a2"), NOW, OBSERVATION_TTL);
        List<FetchedJob> poolB = QueueTurns.fetch(queue, OTHER_POOL, List.of("CAPPED"), List.of("b1"), NOW, OBSERVATION_TTL);

        assertThat(poolA).extracting(f -> f.job().id()).containsExactly(first.id());
        assertThat(poolB).isEmpty();
        assertThat(QueueTurns.size(queue, "CAPPED")).isEqualTo(1);
        assertThat(store.status(second.id())).isEqualTo(JobStatus.PENDING);

        QueueTurns.complete(queue, POOL, new AttemptOutcome(poolA.get(0), JobStatus.SUCCESS, poolA.get(0).stats().revision(), 0, null), NOW + 1);

        assertThat(QueueTurns.fetch(queue, OTHER_POOL, List.of("CAPPED"), List.of("b1"), NOW + 2, OBSERVATION_TTL))
                .extracting(f -> f.job().id()).containsExactly(second.id());
        assertThat(lockInfo("CAPPED")).containsExactly(Map.entry(OTHER_POOL, "1"));
    }

    @Test
    void should_not_cap_a_type_registered_with_max_concurrency_zero_and_record_it_as_known() {
        queue.registerJobTypes(Map.of("UNCAPPED", 0));
        IntStream.range(0, 3).forEach(i -> enqueued("UNCAPPED"));

        assertThat(QueueTurns.fetch(queue, POOL, List.of("UNCAPPED"), List.of("w1", "w2", "w3"), NOW, OBSERVATION_TTL)).hasSize(3);
        assertThat(REDIS.commands().smembers(keys.knownJobs())).contains("UNCAPPED");
        assertThat(REDIS.commands().get(keys.maxConcurrency("UNCAPPED"))).isEqualTo("0");
    }

    // --- what fetch decides by the stored status (contract 3.5) ---

    @Test
    void should_skip_a_job_stopped_before_it_started() {
        QueuedJob job = enqueued("STOPPED_EARLY");
        assertThat(store.setStatus(job.id(), JobStatus.STOPPED, NOW, NOW + 1)).isEqualTo(WriteResult.OK);
        String worker = JobIds.newId();

        FetchedJob f = QueueTurns.fetch(queue, POOL, List.of("STOPPED_EARLY"), List.of(worker), NOW + 2, OBSERVATION_TTL).get(0);

        assertThat(f.action()).isEqualTo(Action.SKIP);
        assertThat(f.stats().status()).isEqualTo(JobStatus.STOPPED);
        assertThat(store.status(job.id())).isEqualTo(JobStatus.STOPPED);
        assertThat(REDIS.commands().exists(keys.worker(worker))).isZero();

        assertThat(QueueTurns.complete(queue, POOL, new AttemptOutcome(f, null, 0, 0, null), NOW + 3)).isNull();
        assertThat(inProgress("STOPPED_EARLY", POOL)).isEmpty();
        assertThat(lock("STOPPED_EARLY")).isEqualTo("0");
        assertThat(store.status(job.id())).isEqualTo(JobStatus.STOPPED);
    }

    @Test
    void should_report_done_for_a_job_that_already_succeeded() {
        QueuedJob job = enqueued("ALREADY_DONE");
        assertThat(store.setStatus(job.id(), JobStatus.SUCCESS, NOW, NOW + 1)).isEqualTo(WriteResult.OK);

        FetchedJob f = fetchOne(POOL, "ALREADY_DONE", NOW + 2);

        assertThat(f.action()).isEqualTo(Action.DONE);
        assertThat(f.stats().status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(store.get(job.id()).updateTime()).isEqualTo(NOW + 1);
    }

    @Test
    void should_report_no_stats_for_a_job_whose_stats_are_gone_and_keep_it_in_progress() {
        QueuedJob job = enqueued("NO_STATS");
        REDIS.commands().del(keys.jobStats(job.id()));

        FetchedJob f = fetchOne(POOL, "NO_STATS", NOW + 2);

        assertThat(f.action()).isEqualTo(Action.NO_STATS);
        assertThat(f.stats()).isNull();
        assertThat(f.job()).isEqualTo(job);
        assertThat(store.get(job.id())).isNull();
        assertThat(REDIS.commands().exists(keys.jobStats(job.id()))).isZero();
        assertThat(inProgress("NO_STATS", POOL)).containsExactly(job.toJson());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[1,2,3]", "{\"name\":\"BROKEN\",\"t\":1760000000,\"args\":null}",
            "{\"name\":\"BROKEN\",\"id\":7,\"t\":1760000000}"})
    void should_bury_an_entry_that_cannot_be_decoded_and_fetch_the_job_behind_it(String json) {
        REDIS.commands().lpush(keys.jobQueue("BROKEN"), json);
        QueuedJob innocent = enqueued("BROKEN");

        JobQueue.Cycle cycle = queue.cycle(POOL, List.of(), List.of("BROKEN"), List.of(JobIds.newId()), 10, NOW,
                OBSERVATION_TTL);

        assertThat(cycle.fetched()).extracting(f -> f.job().id()).containsExactly(innocent.id());
        assertThat(cycle.buried()).singleElement().satisfies(entry -> {
            assertThat(entry.jobName()).isEqualTo("BROKEN");
            assertThat(entry.reason()).containsAnyOf("cannot decode", "no string id");
        });
        assertThat(inProgress("BROKEN", POOL)).containsExactly(innocent.toJson());
        assertThat(lock("BROKEN")).isEqualTo("1");
        assertThat(QueueTurns.size(queue, "BROKEN")).isZero();
        var dead = deadEntries().stream().filter(entry -> json.equals(entry.path("raw").asText())).toList();
        assertThat(dead).singleElement().satisfies(entry -> {
            assertThat(entry.get("name").asText()).isEqualTo("BROKEN");
            assertThat(entry.get("err").asText()).isEqualTo(cycle.buried().get(0).reason());
            assertThat(entry.get("failed_at").asLong()).isEqualTo(NOW);
        });
    }

    @Test
    void should_bury_a_job_whose_parameters_cannot_be_encoded_and_end_it_in_error() {
        QueuedJob poison = enqueued("POISON");
        String poisonJson = poison.toJson().replace("{\"n\":1}", "{\"n\":1e309}");
        REDIS.commands().lset(keys.jobQueue("POISON"), 0, poisonJson);
        QueuedJob innocent = enqueued("POISON");

        JobQueue.Cycle cycle = queue.cycle(POOL, List.of(), List.of("POISON"), List.of(JobIds.newId()), 10, NOW + 1,
                OBSERVATION_TTL);

        assertThat(cycle.fetched()).extracting(f -> f.job().id()).containsExactly(innocent.id());
        assertThat(cycle.buried()).containsExactly(new JobQueue.BuriedEntry("POISON", poison.id(),
                cycle.buried().get(0).reason()));
        assertThat(cycle.buried().get(0).reason()).startsWith("cannot encode the job parameters");
        assertThat(store.get(poison.id()).status()).isEqualTo(JobStatus.ERROR);
        assertThat(ttl(poison.id())).isPositive();
        assertThat(trackCount(poison.id())).as("final: only the hook's reference is left").isEqualTo("1");
        assertThat(lock("POISON")).isEqualTo("1");
        assertThat(lockInfo("POISON")).containsEntry(POOL, "1");
        assertThat(inProgress("POISON", POOL)).containsExactly(innocent.toJson());
        assertThat(deadEntries()).filteredOn(entry -> entry.get("id").asText().equals(poison.id()))
                .singleElement().satisfies(entry -> assertThat(entry.get("raw").asText()).isEqualTo(poisonJson));
    }

    @Test
    void should_bury_a_job_whose_stored_status_is_unknown_and_end_it_in_error() {
        QueuedJob job = enqueued("UNKNOWN_STATUS");
        // core's legacy "Cancelled" is not a jobservice status (contract 3.1)
        REDIS.commands().hset(keys.jobStats(job.id()), "status", "Cancelled");

        JobQueue.Cycle cycle = queue.cycle(POOL, List.of(), List.of("UNKNOWN_STATUS"), List.of(JobIds.newId()), 10,
                NOW + 1, OBSERVATION_TTL);

        assertThat(cycle.fetched()).isEmpty();
        assertThat(cycle.buried()).containsExactly(new JobQueue.BuriedEntry("UNKNOWN_STATUS", job.id(),
                "unknown status 'Cancelled'"));
        assertThat(REDIS.commands().hget(keys.jobStats(job.id()), "status")).isEqualTo("Error");
        assertThat(inProgress("UNKNOWN_STATUS", POOL)).isEmpty();
        assertThat(lock("UNKNOWN_STATUS")).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"RUNNING", "ERROR"})
    void should_reset_a_job_found_running_or_in_error_and_run_it_with_a_newer_revision(JobStatus found) {
        String id = JobIds.newId();
        QueuedJob job = new QueuedJob("RESET", id, NOW, args("{\"n\":1}"), false, 0, null, 0);
        JobStats stats = JobStats.newJob(id, "RESET", JobKind.GENERIC, JobStatus.RUNNING, false, null, "{\"n\":1}", NOW)
                .withCheckIn(NOW + 3, "{\"status\":\"Running\",\"revision\":" + NOW + ",\"check_in_at\":0}");
        assertThat(queue.enqueue(stats, job, 0)).isTrue();
        if (found == JobStatus.ERROR) {
            assertThat(store.setStatus(id, JobStatus.ERROR, NOW, NOW + 4)).isEqualTo(WriteResult.OK);
            assertThat(ttl(id)).isPositive();
            assertThat(trackCount(id)).isEqualTo("1");
        }

        FetchedJob f = fetchOne(POOL, "RESET", NOW + 60);

        assertThat(f.action()).isEqualTo(Action.RUN);
        JobStats reset = store.get(id);
        assertThat(reset.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(reset.revision()).isGreaterThan(NOW);
        assertThat(reset.updateTime()).isEqualTo(NOW + 60);
        assertThat(reset.ack()).isNull();
        assertThat(reset.checkInAt()).isZero();
        assertThat(f.stats()).isEqualTo(reset);
        assertThat(ttl(id)).isEqualTo(-1);
        assertThat(trackCount(id)).isEqualTo("2");
        // a write of the old run is now out of date
        assertThat(store.setStatus(id, JobStatus.SUCCESS, NOW, NOW + 61)).isEqualTo(WriteResult.MISMATCH);
        assertThat(store.setStatus(id, JobStatus.SUCCESS, reset.revision(), NOW + 62)).isEqualTo(WriteResult.OK);
    }

    @Test
    void should_give_a_reset_job_a_newer_revision_even_when_this_clock_is_behind() {
        String id = JobIds.newId();
        QueuedJob job = new QueuedJob("RESET_SKEW", id, NOW, null, false, 0, null, 0);
        JobStats stats = JobStats.newJob(id, "RESET_SKEW", JobKind.GENERIC, JobStatus.RUNNING, false, null, null,
                NOW + 100);
        assertThat(queue.enqueue(stats, job, 0)).isTrue();

        FetchedJob f = fetchOne(POOL, "RESET_SKEW", NOW);

        assertThat(f.action()).isEqualTo(Action.RUN);
        assertThat(f.stats().revision()).isGreaterThan(NOW + 100);
    }

    @Test
    void should_not_overwrite_a_stop_made_while_the_job_ran() {
        QueuedJob job = enqueued("STOPPED_LATE");
        FetchedJob f = fetchOne(POOL, "STOPPED_LATE", NOW + 1);
        assertThat(store.setStatus(job.id(), JobStatus.STOPPED, f.stats().revision(), NOW + 2))
                .isEqualTo(WriteResult.OK);

        WriteResult result = QueueTurns.complete(queue, POOL, new AttemptOutcome(f, JobStatus.SUCCESS, f.stats().revision(), 0, null), NOW + 3);

        assertThat(result).isEqualTo(WriteResult.MISMATCH);
        assertThat(store.status(job.id())).isEqualTo(JobStatus.STOPPED);
        assertThat(inProgress("STOPPED_LATE", POOL)).isEmpty();
        assertThat(lock("STOPPED_LATE")).isEqualTo("0");
    }

    @Test
    void should_track_a_periodic_execution_under_its_execution_id() {
        String policyId = JobIds.newId();
        String executionId = policyId + "@1760004000";
        QueuedJob job = new QueuedJob("PERIODIC", policyId, NOW,
                args("{\"_job_kind_periodic_\":1760004000,\"n\":1}"), false, 0, null, 0);
        JobStats stats = JobStats.newJob(executionId, "PERIODIC", JobKind.SCHEDULED, JobStatus.PENDING, false, null,
                null, NOW);
        assertThat(queue.enqueue(stats, job, 0)).isTrue();

        FetchedJob f = fetchOne(POOL, "PERIODIC", NOW + 1);

        assertThat(f.action()).isEqualTo(Action.RUN);
        assertThat(f.job().trackingId()).isEqualTo(executionId);
        assertThat(f.stats().id()).isEqualTo(executionId);
        assertThat(QueueTurns.complete(queue, POOL, new AttemptOutcome(f, JobStatus.SUCCESS, f.stats().revision(), 0, null), NOW + 2))
                .isEqualTo(WriteResult.OK);
        assertThat(store.status(executionId)).isEqualTo(JobStatus.SUCCESS);
    }

    // --- unique jobs (contract 6.2, decisions D2) ---

    @Test
    void should_refuse_a_duplicate_unique_job_with_the_same_parameters_in_any_key_order_and_save_nothing() {
        QueuedJob original = uniqueJob("UNIQUE",
                "{\"repository\":\"library/nginx\",\"tag\":\"v1\",\"opts\":{\"a\":1,\"b\":[2,3]}}");
        QueuedJob duplicate = uniqueJob("UNIQUE",
                "{\"opts\":{\"b\":[2,3],\"a\":1},\"tag\":\"v1\",\"repository\":\"library/nginx\"}");
        assertThat(queue.enqueue(pendingStats(original), original, 0)).isTrue();

        assertThat(queue.enqueue(pendingStats(duplicate), duplicate, 0)).isFalse();

        assertThat(store.get(duplicate.id())).isNull();
        assertThat(REDIS.commands().hexists(keys.jobTrack(), duplicate.id())).isFalse();
        assertThat(QueueTurns.size(queue, "UNIQUE")).isEqualTo(1);
        assertThat(fetchOne(POOL, "UNIQUE", NOW).job().id()).isEqualTo(original.id());
    }

    @Test
    void should_accept_unique_jobs_whose_parameters_or_names_differ_and_jobs_that_are_not_unique() {
        QueuedJob original = uniqueJob("UNIQUE_DIFF", "{\"tag\":\"v1\"}");
        QueuedJob otherTag = uniqueJob("UNIQUE_DIFF", "{\"tag\":\"v2\"}");
        QueuedJob otherName = uniqueJob("UNIQUE_DIFF_2", "{\"tag\":\"v1\"}");
        QueuedJob notUnique = new QueuedJob("UNIQUE_DIFF", JobIds.newId(), NOW, args("{\"tag\":\"v1\"}"), false, 0,
                null, 0);

        assertThat(queue.enqueue(pendingStats(original), original, 0)).isTrue();
        assertThat(queue.enqueue(pendingStats(otherTag), otherTag, 0)).isTrue();
        assertThat(queue.enqueue(pendingStats(otherName), otherName, 0)).isTrue();
        assertThat(queue.enqueue(pendingStats(notUnique), notUnique, 0)).isTrue();

        assertThat(QueueTurns.size(queue, "UNIQUE_DIFF")).isEqualTo(3);
        assertThat(store.get(notUnique.id())).isNotNull();
    }

    @Test
    void should_accept_the_same_unique_job_again_once_its_key_is_released() {
        QueuedJob original = uniqueJob("UNIQUE_AGAIN", "{\"tag\":\"v1\",\"n\":2}");
        QueuedJob again = uniqueJob("UNIQUE_AGAIN", "{\"n\":2,\"tag\":\"v1\"}");
        assertThat(queue.enqueue(pendingStats(original), original, 0)).isTrue();
        FetchedJob f = fetchOne(POOL, "UNIQUE_AGAIN", NOW);

        queue.releaseUnique(f.job());

        assertThat(queue.enqueue(pendingStats(again), again, 0)).isTrue();
        assertThat(store.get(again.id())).isNotNull();
        assertThat(QueueTurns.size(queue, "UNIQUE_AGAIN")).isEqualTo(1);
    }

    @Test
    void should_refuse_a_duplicate_of_a_scheduled_unique_job_and_save_nothing() {
        QueuedJob original = uniqueJob("UNIQUE_LATER", "{\"tag\":\"v1\"}");
        QueuedJob duplicate = uniqueJob("UNIQUE_LATER", "{\"tag\":\"v1\"}");
        assertThat(queue.enqueue(pendingStats(original), original, NOW + 60)).isTrue();

        assertThat(queue.enqueue(pendingStats(duplicate), duplicate, NOW + 120)).isFalse();
        assertThat(queue.enqueue(pendingStats(duplicate), duplicate, 0)).isFalse();

        assertThat(store.get(duplicate.id())).isNull();
        assertThat(due.moveDueScheduled(NOW + 200, 10, List.of())).isEqualTo(1);
        assertThat(QueueTurns.size(queue, "UNIQUE_LATER")).isEqualTo(1);
    }

    // --- retries and crashed pools (contract 10.3, 10.5) ---

    @Test
    void should_put_a_failed_job_with_retries_left_into_the_retry_zset() {
        QueuedJob job = enqueued("RETRY");
        FetchedJob f = fetchOne(POOL, "RETRY", NOW + 1);
        QueuedJob retryJob = new QueuedJob(job.name(), job.id(), job.t(), job.args(), false, 1, "boom", NOW + 2);

        WriteResult result = QueueTurns.complete(queue, POOL, new AttemptOutcome(f, JobStatus.ERROR, f.stats().revision(), NOW + 40, retryJob), NOW + 2);

        assertThat(result).isEqualTo(WriteResult.OK);
        assertThat(store.status(job.id())).isEqualTo(JobStatus.ERROR);
        assertThat(REDIS.commands().zscore(keys.retry(), retryJob.toJson())).isEqualTo(NOW + 40.0);
        assertThat(REDIS.commands().zcard(keys.retry())).isEqualTo(1);
        assertThat(inProgress("RETRY", POOL)).isEmpty();
        assertThat(lock("RETRY")).isEqualTo("0");
        assertThat(QueueTurns.size(queue, "RETRY")).isZero();
    }

    @Test
    void should_not_retry_a_failed_job_without_a_retry_time() {
        QueuedJob job = enqueued("NO_RETRY");
        FetchedJob f = fetchOne(POOL, "NO_RETRY", NOW + 1);

        QueueTurns.complete(queue, POOL, new AttemptOutcome(f, JobStatus.ERROR, f.stats().revision(), 0, null), NOW + 2);

        assertThat(store.status(job.id())).isEqualTo(JobStatus.ERROR);
        assertThat(REDIS.commands().zcard(keys.retry())).isZero();
    }

    @Test
    void should_run_a_retried_job_again_as_a_new_run() {
        QueuedJob job = enqueued("RETRY_RUN");
        String worker = JobIds.newId();
        FetchedJob first = QueueTurns.fetch(queue, POOL, List.of("RETRY_RUN"), List.of(worker), NOW + 1, OBSERVATION_TTL).get(0);
        assertThat(store.checkIn(job.id(), worker, "half way", NOW + 2)).isTrue();
        QueuedJob retryJob = new QueuedJob(job.name(), job.id(), job.t(), job.args(), false, 1, "boom", NOW + 3);
        QueueTurns.complete(queue, POOL, new AttemptOutcome(first, JobStatus.ERROR, first.stats().revision(), NOW + 30, retryJob), NOW + 3);
        assertThat(due.moveDueRetries(NOW + 30, 10, List.of())).isEqualTo(1);

        FetchedJob second = fetchOne(POOL, "RETRY_RUN", NOW + 31);

        assertThat(second.action()).isEqualTo(Action.RUN);
        assertThat(second.job().fails()).isEqualTo(1);
        assertThat(second.job().err()).isEqualTo("boom");
        assertThat(second.stats().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(second.stats().revision()).isGreaterThan(first.stats().revision());
        assertThat(second.stats().checkInAt()).isZero();
        assertThat(ttl(job.id())).isEqualTo(-1);
        assertThat(trackCount(job.id())).isEqualTo("2");
        assertThat(QueueTurns.complete(queue, POOL, new AttemptOutcome(second, JobStatus.SUCCESS, second.stats().revision(), 0, null), NOW + 32))
                .isEqualTo(WriteResult.OK);
        assertThat(store.status(job.id())).isEqualTo(JobStatus.SUCCESS);
    }

    @Test
    void should_put_a_crashed_pools_jobs_back_oldest_first_and_give_back_their_slots() {
        QueuedJob first = enqueued("CRASH");
        QueuedJob second = enqueued("CRASH");
        QueuedJob other = enqueued("CRASH_OTHER");
        assertThat(QueueTurns.fetch(queue, POOL, List.of("CRASH", "CRASH_OTHER"), List.of("w1", "w2", "w3"), NOW + 1,
                OBSERVATION_TTL)).hasSize(3);

        long moved = queue.requeueInProgress(POOL, List.of("CRASH", "CRASH_OTHER"));

        assertThat(moved).isEqualTo(3);
        assertThat(inProgress("CRASH", POOL)).isEmpty();
        assertThat(inProgress("CRASH_OTHER", POOL)).isEmpty();
        assertThat(lock("CRASH")).isEqualTo("0");
        assertThat(lockInfo("CRASH")).doesNotContainKey(POOL);
        assertThat(lock("CRASH_OTHER")).isEqualTo("0");
        assertThat(QueueTurns.size(queue, "CRASH")).isEqualTo(2);
        List<FetchedJob> again = QueueTurns.fetch(queue, OTHER_POOL, List.of("CRASH", "CRASH_OTHER"), List.of("v1", "v2", "v3"),
                NOW + 60, OBSERVATION_TTL);
        assertThat(again).extracting(f -> f.job().id()).containsExactly(first.id(), second.id(), other.id());
        assertThat(again).extracting(FetchedJob::action).containsOnly(Action.RUN);
        assertThat(again).allSatisfy(f -> assertThat(f.stats().revision()).isGreaterThan(NOW));
    }

    @Test
    void should_keep_other_pools_slots_when_requeueing_a_crashed_pool() {
        enqueued("SHARED");
        enqueued("SHARED");
        fetchOne(POOL, "SHARED", NOW);
        fetchOne(OTHER_POOL, "SHARED", NOW);

        assertThat(queue.requeueInProgress(POOL, List.of("SHARED"))).isEqualTo(1);

        assertThat(lock("SHARED")).isEqualTo("1");
        assertThat(lockInfo("SHARED")).containsExactly(Map.entry(OTHER_POOL, "1"));
        assertThat(inProgress("SHARED", OTHER_POOL)).hasSize(1);
    }

    @Test
    void should_not_give_back_a_slot_twice_when_a_requeued_job_completes_late() {
        queue.registerJobTypes(Map.of("LATE", 1));
        QueuedJob job = enqueued("LATE");
        enqueued("LATE");
        FetchedJob crashed = fetchOne(POOL, "LATE", NOW + 1);
        assertThat(queue.requeueInProgress(POOL, List.of("LATE"))).isEqualTo(1);
        FetchedJob rerun = fetchOne(OTHER_POOL, "LATE", NOW + 60);
        assertThat(rerun.job().id()).isEqualTo(job.id());

        WriteResult late = QueueTurns.complete(queue, POOL, new AttemptOutcome(crashed, JobStatus.SUCCESS, crashed.stats().revision(), 0, null), NOW + 61);

        assertThat(late).isEqualTo(WriteResult.MISMATCH);
        assertThat(store.status(job.id())).isEqualTo(JobStatus.RUNNING);
        assertThat(lock("LATE")).isEqualTo("1");
        assertThat(QueueTurns.fetch(queue, POOL, List.of("LATE"), List.of("w9"), NOW + 62, OBSERVATION_TTL)).isEmpty();
    }

    // --- what Harbor's side sees (decisions D1) ---

    @Test
    void should_record_the_running_job_on_the_worker_observation_and_clear_it_on_complete() {
        QueuedJob job = enqueued("OBSERVED");
        String worker = JobIds.newId();
        String observation = keys.worker(worker);

        FetchedJob f = QueueTurns.fetch(queue, POOL, List.of("OBSERVED"), List.of(worker), NOW + 5, OBSERVATION_TTL).get(0);

        Map<String, String> fields = REDIS.commands().hgetall(observation);
        assertThat(fields).containsEntry("job_name", "OBSERVED")
                .containsEntry("job_id", job.id())
                .containsEntry("started_at", Long.toString(NOW + 5))
                .containsEntry("args", "{\"n\":1}")
                .containsEntry("checkin", "")
                .containsEntry("checkin_at", "0");
        assertThat(REDIS.commands().ttl(observation)).isCloseTo(OBSERVATION_TTL, within(5L));

        assertThat(store.checkIn(job.id(), worker, "progress data: %30", NOW + 7)).isTrue();
        assertThat(REDIS.commands().hgetall(observation)).containsEntry("checkin", "progress data: %30")
                .containsEntry("checkin_at", Long.toString(NOW + 7));

        QueueTurns.complete(queue, POOL, new AttemptOutcome(f, JobStatus.SUCCESS, f.stats().revision(), 0, null), NOW + 9);

        assertThat(REDIS.commands().exists(observation)).isZero();
    }

    @Test
    void should_run_a_job_queued_by_a_go_jobservice() {
        RedisCommands<String, String> raw = REDIS.commands();
        String id = JobIds.newId();
        String json = "{\"name\":\"NOOP\",\"id\":\"" + id + "\",\"t\":" + NOW + ",\"args\":{\"a\":1}}";
        raw.lpush(keys.jobQueue("NOOP"), json);
        raw.hset(keys.jobStats(id), Map.of("id", id, "name", "NOOP", "kind", "Generic", "unique", "0",
                "status", "Pending", "ref_link", "/api/v1/jobs/" + id, "enqueue_time", Long.toString(NOW),
                "update_time", Long.toString(NOW), "revision", Long.toString(NOW)));
        raw.hset(keys.jobTrack(), id, "2");

        FetchedJob f = fetchOne(POOL, "NOOP", NOW + 1);

        assertThat(f.action()).isEqualTo(Action.RUN);
        assertThat(f.json()).isEqualTo(json);
        assertThat(f.job().id()).isEqualTo(id);
        assertThat(f.job().t()).isEqualTo(NOW);
        assertThat(f.job().args().get("a").asInt()).isEqualTo(1);
        assertThat(f.stats().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(f.stats().kind()).isEqualTo(JobKind.GENERIC);
        assertThat(f.stats().revision()).isEqualTo(NOW);
        assertThat(raw.lrange(keys.inProgress("NOOP", POOL), 0, -1)).containsExactly(json);

        assertThat(QueueTurns.complete(queue, POOL, new AttemptOutcome(f, JobStatus.SUCCESS, f.stats().revision(), 0, null), NOW + 2))
                .isEqualTo(WriteResult.OK);

        assertThat(raw.hget(keys.jobStats(id), "status")).isEqualTo("Success");
        assertThat(raw.hget(keys.jobStats(id), "update_time")).isEqualTo(Long.toString(NOW + 2));
        assertThat(raw.hget(keys.jobTrack(), id)).isEqualTo("1");
        assertThat(raw.llen(keys.jobQueue("NOOP"))).isZero();
        assertThat(raw.llen(keys.inProgress("NOOP", POOL))).isZero();
        assertThat(raw.get(keys.lock("NOOP"))).isEqualTo("0");
    }

    // --- helpers ---

    // --- monitoring reads ---

    @Test
    void should_read_queues_and_cluster_counts_in_one_go() {
        QueuedJob oldest = enqueued("WATCHED");
        enqueued("WATCHED");
        fetchOne(POOL, "WATCHED", NOW + 5);
        queue.setPaused("IDLE", true);
        REDIS.commands().zadd(keys.scheduled(), NOW + 60, "{\"name\":\"WATCHED\"}");
        REDIS.commands().zadd(keys.retry(), NOW + 60, "{\"name\":\"A\"}");
        REDIS.commands().zadd(keys.retry(), NOW + 61, "{\"name\":\"B\"}");
        REDIS.commands().zadd(keys.hookDue(), NOW * 1000, "job1");
        REDIS.commands().hset(keys.hookAttempts(), "job1", "2");

        JobQueue.ClusterStats stats = queue.clusterStats(List.of("WATCHED", "IDLE"));

        assertThat(stats.queues()).containsExactly(
                new JobQueue.QueueInfo("WATCHED", 1, oldest.t(), false, 1, Map.of(POOL, 1L)),
                new JobQueue.QueueInfo("IDLE", 0, 0, true, 0, Map.of()));
        assertThat(List.of(stats.scheduled(), stats.retry(), stats.dead(), stats.policies(), stats.hooksWaiting(),
                stats.hooksParked())).containsExactly(1L, 2L, 0L, 0L, 1L, 1L);
    }

    private static QueuedJob enqueued(String name) {
        QueuedJob job = new QueuedJob(name, JobIds.newId(), NOW, args("{\"n\":1}"), false, 0, null, 0);
        assertThat(queue.enqueue(pendingStats(job), job, 0)).isTrue();
        return job;
    }

    private static QueuedJob uniqueJob(String name, String argsJson) {
        return new QueuedJob(name, JobIds.newId(), NOW, args(argsJson), true, 0, null, 0);
    }

    private static JobStats pendingStats(QueuedJob job) {
        return JobStats.newJob(job.id(), job.name(), JobKind.GENERIC, JobStatus.PENDING, job.unique(), null,
                job.args() == null ? null : Json.write(job.args()), NOW);
    }

    private static FetchedJob fetchOne(String pool, String name, long now) {
        List<FetchedJob> fetched = QueueTurns.fetch(queue, pool, List.of(name), List.of(JobIds.newId()), now, OBSERVATION_TTL);
        assertThat(fetched).hasSize(1);
        return fetched.get(0);
    }

    private static JsonNode args(String json) {
        try {
            return Json.read(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<JsonNode> deadEntries() {
        return REDIS.commands().zrange(keys.dead(), 0, -1).stream().map(JobQueueTest::args).toList();
    }

    private static List<String> inProgress(String name, String pool) {
        return REDIS.commands().lrange(keys.inProgress(name, pool), 0, -1);
    }

    private static String lock(String name) {
        return REDIS.commands().get(keys.lock(name));
    }

    private static Map<String, String> lockInfo(String name) {
        return REDIS.commands().hgetall(keys.lockInfo(name));
    }

    private static long ttl(String id) {
        return REDIS.commands().ttl(keys.jobStats(id));
    }

    private static String trackCount(String id) {
        return REDIS.commands().hget(keys.jobTrack(), id);
    }
}
