package io.jobservice.queue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.job.JobIds;
import io.jobservice.job.JobKind;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.jobservice.json.Json;
import io.jobservice.queue.FetchedJob.Action;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduled and retry zsets against a real Redis (contract 6.1, 10.3): due jobs move onto their queues, future
 * ones wait, malformed ones go to the dead zset. Jobs get into the zsets the way the service puts them there
 * ({@link JobQueue#enqueue} with a run time, {@link JobQueue#complete} with a retry) and are checked by fetching
 * them; only malformed and Go-written entries are written to Redis directly.
 */
class DueJobsTest extends QueueStoreTestSupport {

    private static final String POOL = "ccccccccccccccccccccccc3";

    @Test
    void should_move_due_scheduled_jobs_onto_their_queues_and_leave_future_ones() {
        QueuedJob dueA = scheduled("SCHED_A", NOW - 10);
        QueuedJob dueB = scheduled("SCHED_B", NOW);
        QueuedJob future = scheduled("SCHED_A", NOW + 60);

        assertThat(due.moveDueScheduled(NOW, 10, List.of())).isEqualTo(2);

        assertThat(QueueTurns.size(queue, "SCHED_A")).isEqualTo(1);
        assertThat(QueueTurns.size(queue, "SCHED_B")).isEqualTo(1);
        assertThat(store.status(dueA.id())).isEqualTo(JobStatus.SCHEDULED);
        assertThat(fetchAll("SCHED_A", NOW)).extracting(f -> f.job().id()).containsExactly(dueA.id());
        assertThat(fetchAll("SCHED_B", NOW)).extracting(f -> f.job().id()).containsExactly(dueB.id());
        assertThat(due.moveDueScheduled(NOW + 59, 10, List.of())).isZero();
        assertThat(QueueTurns.size(queue, "SCHED_A")).isZero();

        assertThat(due.moveDueScheduled(NOW + 60, 10, List.of())).isEqualTo(1);
        List<FetchedJob> later = fetchAll("SCHED_A", NOW + 60);
        assertThat(later).extracting(f -> f.job().id()).containsExactly(future.id());
        assertThat(later).extracting(FetchedJob::action).containsExactly(Action.RUN);
    }

    @Test
    void should_queue_due_jobs_earliest_first() {
        QueuedJob third = scheduled("SCHED_ORDER", NOW - 10);
        QueuedJob first = scheduled("SCHED_ORDER", NOW - 30);
        QueuedJob second = scheduled("SCHED_ORDER", NOW - 20);

        assertThat(due.moveDueScheduled(NOW, 10, List.of())).isEqualTo(3);

        assertThat(fetchAll("SCHED_ORDER", NOW)).extracting(f -> f.job().id())
                .containsExactly(first.id(), second.id(), third.id());
    }

    @Test
    void should_move_no_more_than_the_limit_per_call() {
        QueuedJob first = scheduled("SCHED_LIMIT", NOW - 3);
        QueuedJob second = scheduled("SCHED_LIMIT", NOW - 2);
        QueuedJob third = scheduled("SCHED_LIMIT", NOW - 1);

        assertThat(due.moveDueScheduled(NOW, 2, List.of())).isEqualTo(2);
        assertThat(QueueTurns.size(queue, "SCHED_LIMIT")).isEqualTo(2);
        assertThat(due.moveDueScheduled(NOW, 2, List.of())).isEqualTo(1);

        assertThat(fetchAll("SCHED_LIMIT", NOW)).extracting(f -> f.job().id())
                .containsExactly(first.id(), second.id(), third.id());
    }

    /** gocraft's requeuer overwrites {@code t} with the time of the move (contract 6.1, 10.2). */
    @Test
    void should_set_the_enqueue_time_of_a_moved_job_to_the_time_of_the_move() {
        QueuedJob job = scheduled("SCHED_T", NOW);
        assertThat(job.t()).isEqualTo(NOW - 3600);

        assertThat(due.moveDueScheduled(NOW + 1, 10, List.of())).isEqualTo(1);

        assertThat(fetchAll("SCHED_T", NOW + 1)).extracting(f -> f.job().t()).containsExactly(NOW + 1);
    }

    @Test
    void should_move_due_retries_onto_their_queues_and_leave_future_ones() {
        QueuedJob soon = failedWithRetryAt("RETRY_DUE", NOW + 10);
        QueuedJob later = failedWithRetryAt("RETRY_DUE", NOW + 100);

        assertThat(due.moveDueScheduled(NOW + 1000, 10, List.of())).isZero();
        assertThat(due.moveDueRetries(NOW + 9, 10, List.of())).isZero();
        assertThat(due.moveDueRetries(NOW + 10, 10, List.of())).isEqualTo(1);

        List<FetchedJob> retried = fetchAll("RETRY_DUE", NOW + 10);
        assertThat(retried).extracting(f -> f.job().id()).containsExactly(soon.id());
        assertThat(retried).extracting(f -> f.job().fails()).containsExactly(1L);
        assertThat(due.moveDueRetries(NOW + 99, 10, List.of())).isZero();
        assertThat(due.moveDueRetries(NOW + 100, 10, List.of())).isEqualTo(1);
        assertThat(fetchAll("RETRY_DUE", NOW + 100)).extracting(f -> f.job().id()).containsExactly(later.id());
    }

    @Test
    void should_send_malformed_scheduled_entries_to_the_dead_zset() {
        RedisCommands<String, String> raw = REDIS.commands();
        QueuedJob good = scheduled("SCHED_GOOD", NOW - 1);
        raw.zadd(keys.scheduled(), NOW - 5, "{not json");
        String withoutName = "{\"id\":\"" + JobIds.newId() + "\",\"t\":1}";
        raw.zadd(keys.scheduled(), NOW - 4, withoutName);
        raw.zadd(keys.scheduled(), NOW - 3, "[\"SCHED_GOOD\"]");

        due.moveDueScheduled(NOW, 10, List.of());

        assertThat(raw.zcard(keys.scheduled())).isZero();
        assertThat(raw.zrange(keys.dead(), 0, -1))
                .containsExactlyInAnyOrder("{not json", withoutName, "[\"SCHED_GOOD\"]");
        assertThat(raw.zscore(keys.dead(), "{not json")).isEqualTo((double) NOW);
        assertThat(fetchAll("SCHED_GOOD", NOW)).extracting(f -> f.job().id()).containsExactly(good.id());
    }

    @Test
    void should_send_malformed_retry_entries_to_the_dead_zset_and_leave_future_ones() {
        RedisCommands<String, String> raw = REDIS.commands();
        raw.zadd(keys.retry(), NOW - 5, "{not json");
        raw.zadd(keys.retry(), NOW + 5, "{still not json");

        due.moveDueRetries(NOW, 10, List.of());

        assertThat(raw.zrange(keys.dead(), 0, -1)).containsExactly("{not json");
        assertThat(raw.zrange(keys.retry(), 0, -1)).containsExactly("{still not json");
    }

    @Test
    void should_move_a_scheduled_job_written_by_a_go_jobservice() {
        RedisCommands<String, String> raw = REDIS.commands();
        String id = JobIds.newId();
        String json = "{\"name\":\"NOOP\",\"id\":\"" + id + "\",\"t\":" + (NOW - 60)
                + ",\"args\":{\"a\":1},\"unique\":true}";
        raw.zadd(keys.scheduled(), NOW - 1, json);
        raw.hset(keys.jobStats(id), Map.of("id", id, "name", "NOOP", "kind", "Scheduled", "unique", "1",
                "status", "Scheduled", "ref_link", "/api/v1/jobs/" + id, "enqueue_time", Long.toString(NOW - 60),
                "run_at", Long.toString(NOW - 1), "update_time", Long.toString(NOW - 60),
                "revision", Long.toString(NOW - 60)));
        raw.hset(keys.jobTrack(), id, "2");

        assertThat(due.moveDueScheduled(NOW, 10, List.of())).isEqualTo(1);

        assertThat(raw.zcard(keys.scheduled())).isZero();
        assertThat(raw.llen(keys.jobQueue("NOOP"))).isEqualTo(1);
        List<FetchedJob> fetched = fetchAll("NOOP", NOW);
        assertThat(fetched).hasSize(1);
        assertThat(fetched.get(0).action()).isEqualTo(Action.RUN);
        assertThat(fetched.get(0).job().id()).isEqualTo(id);
        assertThat(fetched.get(0).job().unique()).isTrue();
        assertThat(fetched.get(0).stats().kind()).isEqualTo(JobKind.SCHEDULED);
        assertThat(fetched.get(0).stats().runAt()).isEqualTo(NOW - 1);
    }

    // --- helpers ---

    /** A Scheduled job as the service saves it: enqueued an hour before its run time. */
    private static QueuedJob scheduled(String name, long runAt) {
        String id = JobIds.newId();
        QueuedJob job = new QueuedJob(name, id, NOW - 3600, args("{\"n\":1}"), false, 0, null, 0);
        JobStats stats = JobStats.newJob(id, name, JobKind.SCHEDULED, JobStatus.SCHEDULED, false, null, "{\"n\":1}",
                NOW - 3600).withRunAt(runAt);
        assertThat(queue.enqueue(stats, job, runAt)).isTrue();
        return job;
    }

    /** A job that ran once, failed and waits in the retry zset until {@code retryAt}. */
    private static QueuedJob failedWithRetryAt(String name, long retryAt) {
        QueuedJob job = new QueuedJob(name, JobIds.newId(), NOW, args("{\"n\":1}"), false, 0, null, 0);
        assertThat(queue.enqueue(JobStats.newJob(job.id(), name, JobKind.GENERIC, JobStatus.PENDING, false, null,
                "{\"n\":1}", NOW), job, 0)).isTrue();
        List<FetchedJob> fetched = fetchAll(name, NOW);
        assertThat(fetched).hasSize(1);
        FetchedJob f = fetched.get(0);
        QueuedJob retryJob = new QueuedJob(name, job.id(), job.t(), job.args(), false, 1, "boom", NOW);
        QueueTurns.complete(queue, POOL, new AttemptOutcome(f, JobStatus.ERROR, f.stats().revision(), retryAt, retryJob), NOW);
        return job;
    }

    private static List<FetchedJob> fetchAll(String name, long now) {
        return QueueTurns.fetch(queue, POOL, List.of(name), List.of("w1", "w2", "w3", "w4"), now, 86_400);
    }

    private static JsonNode args(String json) {
        try {
            return Json.read(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
