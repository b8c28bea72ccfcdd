package io.jobservice.queue;

import io.jobservice.job.JobIds;
import io.jobservice.job.JobKind;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.jobservice.queue.JobStatsStore.WriteResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Status compare-and-set, TTLs, the in-progress counter and check-ins (contract 3.2 to 3.4, 13.3 item 15,
 * decisions D2), against a real Redis. Stats are saved the way the service saves them, through
 * {@link JobQueue#enqueue}. The TTL and Harbor's in-progress counter have no read API, so those two are read from
 * Redis through {@link RedisKeys}.
 */
class JobStatsStoreTest extends QueueStoreTestSupport {

    private static final String JOB_NAME = "STATS_TEST";
    private static final long SEVEN_DAYS = 604_800;

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "PENDING, PENDING, OK",
            "PENDING, SCHEDULED, OK",
            "PENDING, RUNNING, OK",
            "PENDING, STOPPED, OK",
            "PENDING, ERROR, OK",
            "PENDING, SUCCESS, OK",
            "SCHEDULED, SCHEDULED, OK",
            "SCHEDULED, RUNNING, OK",
            "SCHEDULED, STOPPED, OK",
            "SCHEDULED, ERROR, OK",
            "SCHEDULED, SUCCESS, OK",
            "SCHEDULED, PENDING, MISMATCH",
            "RUNNING, RUNNING, OK",
            "RUNNING, STOPPED, OK",
            "RUNNING, ERROR, OK",
            "RUNNING, SUCCESS, OK",
            "RUNNING, PENDING, MISMATCH",
            "RUNNING, SCHEDULED, MISMATCH",
            "STOPPED, STOPPED, OK",
            "STOPPED, ERROR, MISMATCH",
            "STOPPED, SUCCESS, MISMATCH",
            "STOPPED, RUNNING, MISMATCH",
            "ERROR, ERROR, OK",
            "ERROR, STOPPED, MISMATCH",
            "ERROR, SUCCESS, MISMATCH",
            "ERROR, PENDING, MISMATCH",
            "SUCCESS, SUCCESS, OK",
            "SUCCESS, STOPPED, MISMATCH",
            "SUCCESS, ERROR, MISMATCH",
            "SUCCESS, RUNNING, MISMATCH",
    })
    void should_apply_the_compare_and_set_rule_within_one_revision(JobStatus stored, JobStatus target,
                                                                    WriteResult expected) {
        String id = saved(stored);

        WriteResult result = store.setStatus(id, target, NOW, NOW + 10);

        assertThat(result).isEqualTo(expected);
        assertThat(store.status(id)).isEqualTo(expected == WriteResult.OK ? target : stored);
    }

    @Test
    void should_follow_harbors_tracker_case_for_a_job_saved_as_success() {
        String id = saved(JobStatus.SUCCESS);
        assertThat(store.status(id)).isEqualTo(JobStatus.SUCCESS);

        assertThat(store.setStatus(id, JobStatus.RUNNING, NOW, NOW + 1)).isEqualTo(WriteResult.MISMATCH);
        assertThat(store.checkIn(id, JobIds.newId(), "half way", NOW + 2)).isTrue();
        assertThat(store.checkIn(id, JobIds.newId(), "almost", NOW + 3)).isTrue();
        assertThat(store.setStatus(id, JobStatus.SUCCESS, NOW, NOW + 4)).isEqualTo(WriteResult.OK);
        assertThat(store.setStatus(id, JobStatus.SUCCESS, NOW, NOW + 5)).isEqualTo(WriteResult.OK);
        assertThat(store.setStatus(id, JobStatus.ERROR, NOW, NOW + 6)).isEqualTo(WriteResult.MISMATCH);
        assertThat(store.status(id)).isEqualTo(JobStatus.SUCCESS);

        // a reset is a newer revision, after which a lower rank and then Stopped are accepted again
        assertThat(store.setStatus(id, JobStatus.PENDING, NOW + 7, NOW + 7)).isEqualTo(WriteResult.OK);
        assertThat(store.status(id)).isEqualTo(JobStatus.PENDING);
        assertThat(store.setStatus(id, JobStatus.STOPPED, NOW + 7, NOW + 8)).isEqualTo(WriteResult.OK);
        assertThat(store.status(id)).isEqualTo(JobStatus.STOPPED);
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void should_accept_any_status_from_a_newer_revision_over_a_success(JobStatus target) {
        String id = saved(JobStatus.SUCCESS);

        assertThat(store.setStatus(id, target, NOW + 1, NOW + 1)).isEqualTo(WriteResult.OK);
        assertThat(store.status(id)).isEqualTo(target);
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void should_refuse_any_status_from_an_older_revision(JobStatus target) {
        String id = saved(JobStatus.PENDING);

        assertThat(store.setStatus(id, target, NOW - 1, NOW + 1)).isEqualTo(WriteResult.MISMATCH);
        assertThat(store.status(id)).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void should_set_update_time_on_an_accepted_write_and_change_nothing_on_a_refused_one() {
        String id = saved(JobStatus.RUNNING);

        assertThat(store.setStatus(id, JobStatus.PENDING, NOW, NOW + 30)).isEqualTo(WriteResult.MISMATCH);
        JobStats refused = store.get(id);
        assertThat(refused.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(refused.updateTime()).isEqualTo(NOW);
        assertThat(refused.revision()).isEqualTo(NOW);

        assertThat(store.setStatus(id, JobStatus.SUCCESS, NOW, NOW + 40)).isEqualTo(WriteResult.OK);
        JobStats accepted = store.get(id);
        assertThat(accepted.status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(accepted.updateTime()).isEqualTo(NOW + 40);
        assertThat(accepted.revision()).isEqualTo(NOW);
    }

    @Test
    void should_change_nothing_and_report_nothing_when_an_accepted_write_is_repeated() {
        String id = JobIds.newId();
        JobStats stats = JobStats.newJob(id, JOB_NAME, JobKind.GENERIC, JobStatus.RUNNING, false,
                "http://127.0.0.1:9/hook", null, NOW);
        assertThat(queue.enqueue(stats, new QueuedJob(JOB_NAME, id, NOW, null, false, 0, null, 0), 0)).isTrue();

        assertThat(store.setStatus(id, JobStatus.SUCCESS, NOW, NOW + 40)).isEqualTo(WriteResult.OK);
        // the writer lost the reply and writes again
        assertThat(store.setStatus(id, JobStatus.SUCCESS, NOW, NOW + 50)).isEqualTo(WriteResult.OK);

        assertThat(REDIS.commands().lrange(keys.hookPending(id), 0, -1)).as("one Success hook event").hasSize(1);
        assertThat(store.get(id).updateTime()).isEqualTo(NOW + 40);
        assertThat(trackCount(id)).isEqualTo("1");
    }

    @ParameterizedTest(name = "{0} expires after {1} s")
    @CsvSource({"SUCCESS, 86400", "STOPPED, 86400", "ERROR, 604800"})
    void should_expire_stats_of_a_final_status_after_harbors_ttl(JobStatus finalStatus, long ttlSeconds) {
        String id = saved(JobStatus.RUNNING);
        assertThat(ttl(id)).isEqualTo(-1);

        assertThat(store.setStatus(id, finalStatus, NOW, NOW + 1)).isEqualTo(WriteResult.OK);

        assertThat(ttl(id)).isCloseTo(ttlSeconds, within(5L));
    }

    @Test
    void should_not_expire_stats_of_a_non_final_status() {
        String id = saved(JobStatus.PENDING);

        assertThat(store.setStatus(id, JobStatus.SCHEDULED, NOW, NOW + 1)).isEqualTo(WriteResult.OK);
        assertThat(ttl(id)).isEqualTo(-1);
        assertThat(store.setStatus(id, JobStatus.RUNNING, NOW, NOW + 2)).isEqualTo(WriteResult.OK);
        assertThat(ttl(id)).isEqualTo(-1);
        assertThat(store.setStatus(id, JobStatus.RUNNING, NOW, NOW + 3)).isEqualTo(WriteResult.OK);
        assertThat(ttl(id)).isEqualTo(-1);
    }

    @Test
    void should_not_shorten_the_ttl_when_a_refused_final_status_follows_another() {
        String id = saved(JobStatus.RUNNING);
        assertThat(store.setStatus(id, JobStatus.ERROR, NOW, NOW + 1)).isEqualTo(WriteResult.OK);

        assertThat(store.setStatus(id, JobStatus.SUCCESS, NOW, NOW + 2)).isEqualTo(WriteResult.MISMATCH);

        assertThat(ttl(id)).isCloseTo(SEVEN_DAYS, within(5L));
    }

    @Test
    void should_track_a_saved_job_in_progress_with_two_references() {
        String id = saved(JobStatus.PENDING);

        assertThat(trackCount(id)).isEqualTo("2");
    }

    @Test
    void should_drop_one_in_progress_reference_once_when_a_final_status_is_stored() {
        String id = saved(JobStatus.PENDING);

        assertThat(store.setStatus(id, JobStatus.RUNNING, NOW, NOW + 1)).isEqualTo(WriteResult.OK);
        assertThat(trackCount(id)).isEqualTo("2");
        assertThat(store.setStatus(id, JobStatus.SUCCESS, NOW, NOW + 2)).isEqualTo(WriteResult.OK);
        assertThat(trackCount(id)).isEqualTo("1");
        assertThat(store.setStatus(id, JobStatus.SUCCESS, NOW, NOW + 3)).isEqualTo(WriteResult.OK);
        assertThat(trackCount(id)).isEqualTo("1");
        assertThat(store.setStatus(id, JobStatus.ERROR, NOW, NOW + 4)).isEqualTo(WriteResult.MISMATCH);
        assertThat(trackCount(id)).isEqualTo("1");
    }

    @Test
    void should_remove_the_in_progress_entry_when_its_last_reference_goes() {
        String id = saved(JobStatus.RUNNING);
        // the hook ACK of a final status took the other reference (contract 3.4)
        REDIS.commands().hset(keys.jobTrack(), id, "1");

        assertThat(store.setStatus(id, JobStatus.STOPPED, NOW, NOW + 1)).isEqualTo(WriteResult.OK);

        assertThat(REDIS.commands().hexists(keys.jobTrack(), id)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void should_report_missing_stats_and_create_nothing(JobStatus target) {
        String id = JobIds.newId();

        assertThat(store.setStatus(id, target, NOW, NOW)).isEqualTo(WriteResult.MISSING);

        assertThat(store.get(id)).isNull();
        assertThat(store.status(id)).isNull();
        assertThat(REDIS.commands().exists(keys.jobStats(id))).isZero();
        assertThat(REDIS.commands().hexists(keys.jobTrack(), id)).isFalse();
    }

    @Test
    void should_not_bring_back_stats_that_expired() {
        String id = saved(JobStatus.RUNNING);
        assertThat(store.setStatus(id, JobStatus.SUCCESS, NOW, NOW + 1)).isEqualTo(WriteResult.OK);
        REDIS.commands().del(keys.jobStats(id)); // what the TTL does a day later

        assertThat(store.setStatus(id, JobStatus.SUCCESS, NOW, NOW + 2)).isEqualTo(WriteResult.MISSING);
        assertThat(store.setStatus(id, JobStatus.RUNNING, NOW + 5, NOW + 5)).isEqualTo(WriteResult.MISSING);

        assertThat(store.get(id)).isNull();
        assertThat(REDIS.commands().exists(keys.jobStats(id))).isZero();
    }

    @Test
    void should_record_the_check_in_time_without_changing_the_status() {
        String id = saved(JobStatus.RUNNING);

        assertThat(store.checkIn(id, JobIds.newId(), "progress data: %30", NOW + 12)).isTrue();

        JobStats stats = store.get(id);
        assertThat(stats.checkInAt()).isEqualTo(NOW + 12);
        assertThat(stats.updateTime()).isEqualTo(NOW + 12);
        assertThat(stats.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(stats.revision()).isEqualTo(NOW);
        // the check-in text is never persisted (contract 2.3, 4.1)
        assertThat(REDIS.commands().hget(keys.jobStats(id), "check_in")).isNull();
    }

    @Test
    void should_refuse_a_check_in_for_missing_stats_and_create_nothing() {
        String id = JobIds.newId();

        assertThat(store.checkIn(id, JobIds.newId(), "progress data: %30", NOW)).isFalse();

        assertThat(store.get(id)).isNull();
        assertThat(REDIS.commands().exists(keys.jobStats(id))).isZero();
    }

    @Test
    void should_read_back_the_stats_as_saved() {
        String id = JobIds.newId();
        JobStats saved = JobStats.newJob(id, JOB_NAME, JobKind.GENERIC, JobStatus.PENDING, true,
                "http://core:8080/service/notifications/tasks/12", "{\"image\":\"demo:1\"}", NOW);
        assertThat(queue.enqueue(saved, new QueuedJob(JOB_NAME, id, NOW, null, false, 0, null, 0), 0)).isTrue();

        assertThat(store.get(id)).isEqualTo(saved);
    }

    private static String saved(JobStatus status) {
        String id = JobIds.newId();
        JobStats stats = JobStats.newJob(id, JOB_NAME, JobKind.GENERIC, status, false, null, null, NOW);
        assertThat(queue.enqueue(stats, new QueuedJob(JOB_NAME, id, NOW, null, false, 0, null, 0), 0)).isTrue();
        assertThat(store.status(id)).isEqualTo(status);
        return id;
    }

    private static long ttl(String id) {
        return REDIS.commands().ttl(keys.jobStats(id));
    }

    private static String trackCount(String id) {
        return REDIS.commands().hget(keys.jobTrack(), id);
    }
}
