package io.jobservice.queue;

import java.util.HashMap;
import java.util.Map;

import io.jobservice.job.JobStatus;
import io.jobservice.queue.JobStatsStore.ReapAction;
import io.jobservice.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The ACK rules of contract 3.4 and Harbor's status reaper of 10.6 (cases of 13.4), against real Redis. */
class AckAndStatusReaperTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();
    static final long R = 1_760_000_000L;
    static final long DAY = 86_400;
    static JobStatsStore store;
    static RedisKeys keys;

    @BeforeAll
    static void connect() {
        keys = new RedisKeys(REDIS.namespace());
        store = new JobStatsStore(REDIS.connector(), keys, JobStatsStore.Ttls.HARBOR);
    }

    @BeforeEach
    void clear() {
        REDIS.clearNamespace();
    }

    static void save(String id, String status, long revision, Map<String, String> extra) {
        Map<String, String> hash = new HashMap<>(Map.of("id", id, "name", "NOOP", "kind", "Generic", "status", status,
                "revision", Long.toString(revision), "update_time", Long.toString(R)));
        hash.putAll(extra);
        REDIS.commands().hset(keys.jobStats(id), hash);
        REDIS.commands().hset(keys.jobTrack(), id, "2");
    }

    static String ack(String id) {
        return REDIS.commands().hget(keys.jobStats(id), "ack");
    }

    @Test
    void should_store_the_first_ack_unless_the_job_has_a_newer_revision() {
        save("a", "Running", R, Map.of());
        assertThat(store.ack("a", JobStatus.RUNNING, R, 0, false)).isTrue();
        assertThat(ack("a")).isEqualTo("{\"status\":\"Running\",\"revision\":" + R + ",\"check_in_at\":0}");
        save("b", "Running", R + 5, Map.of());
        assertThat(store.ack("b", JobStatus.RUNNING, R, 0, false)).isFalse();
        assertThat(ack("b")).isNull();
    }

    @Test
    void should_refuse_an_ack_older_than_the_stored_one() {
        save("a", "Success", R, Map.of());
        assertThat(store.ack("a", JobStatus.SUCCESS, R, 0, false)).isTrue();
        assertThat(store.ack("a", JobStatus.RUNNING, R, 0, false)).as("lower rank, same revision").isFalse();
        assertThat(store.ack("a", JobStatus.RUNNING, R, 7, true)).as("a late check-in does not undo a final ACK")
                .isFalse();
        assertThat(store.ack("a", JobStatus.SUCCESS, R, 0, false)).as("the same final event again").isFalse();
        assertThat(store.ack("a", JobStatus.RUNNING, R + 1, 0, false)).as("newer revision").isTrue();
        assertThat(store.ack("a", JobStatus.RUNNING, R + 1, 7, true)).as("a check-in after its Running").isTrue();
        assertThat(store.ack("a", JobStatus.RUNNING, R + 1, 7, true)).as("another check-in in the same second").isTrue();
        assertThat(store.ack("missing", JobStatus.RUNNING, R, 0, false)).isFalse();
    }

    @Test
    void should_stop_tracking_a_job_once_its_final_status_is_stored_and_acknowledged() {
        save("a", "Running", R, Map.of());
        assertThat(store.setStatus("a", JobStatus.SUCCESS, R, R + 1)).isEqualTo(JobStatsStore.WriteResult.OK);
        assertThat(REDIS.commands().hget(keys.jobTrack(), "a")).isEqualTo("1");
        store.ack("a", JobStatus.SUCCESS, R, 0, false);
        assertThat(REDIS.commands().hexists(keys.jobTrack(), "a")).isFalse();
    }

    @Test
    void should_take_the_acknowledged_status_when_it_is_ahead() {
        // contract 13.4 item 19
        save("a", "Running", R, Map.of("ack", "{\"status\":\"Success\",\"revision\":" + R + ",\"check_in_at\":0}"));
        assertThat(store.reapStatus("a", R + 10, DAY)).isEqualTo(ReapAction.SYNCED);
        assertThat(store.status("a")).isEqualTo(JobStatus.SUCCESS);
    }

    @Test
    void should_ask_for_the_hook_again_when_the_status_is_ahead_of_its_ack() {
        save("a", "Success", R, Map.of("ack", "{\"status\":\"Running\",\"revision\":" + R + ",\"check_in_at\":0}"));
        assertThat(store.reapStatus("a", R + 10, DAY)).isEqualTo(ReapAction.RESEND);
        save("b", "Running", R, Map.of());
        assertThat(store.reapStatus("b", R + 10, DAY)).as("never acknowledged").isEqualTo(ReapAction.RESEND);
    }

    @Test
    void should_forget_jobs_whose_stats_are_gone_or_whose_final_status_is_acknowledged() {
        REDIS.commands().hset(keys.jobTrack(), "gone", "2");
        assertThat(store.reapStatus("gone", R, DAY)).isEqualTo(ReapAction.REMOVED);
        save("a", "Success", R, Map.of("ack", "{\"status\":\"Success\",\"revision\":" + R + ",\"check_in_at\":0}"));
        assertThat(store.reapStatus("a", R + 10, DAY)).isEqualTo(ReapAction.REMOVED);
        assertThat(REDIS.commands().hlen(keys.jobTrack())).isZero();
    }

    @Test
    void should_mark_a_hung_job_error_but_never_a_periodic_one() {
        String ackJson = "{\"status\":\"Running\",\"revision\":" + R + ",\"check_in_at\":0}";
        save("hung", "Running", R, Map.of("ack", ackJson));
        assertThat(store.reapStatus("hung", R + DAY - 1, DAY)).as("within the limit").isEqualTo(ReapAction.NONE);
        assertThat(store.reapStatus("hung", R + DAY + 1, DAY)).isEqualTo(ReapAction.ERROR);
        assertThat(store.status("hung")).isEqualTo(JobStatus.ERROR);
        save("periodic", "Scheduled", R, Map.of("kind", "Periodic",
                "ack", "{\"status\":\"Scheduled\",\"revision\":" + R + ",\"check_in_at\":0}"));
        assertThat(store.reapStatus("periodic", R + 10 * DAY, DAY)).isEqualTo(ReapAction.NONE);
        assertThat(store.status("periodic")).isEqualTo(JobStatus.SCHEDULED);
    }
}
