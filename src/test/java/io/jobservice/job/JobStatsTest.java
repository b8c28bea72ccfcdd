package io.jobservice.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JobStatsTest {

    private static final String EXEC_ID = "9a1b2c3d4e5f60718293a4b5@1760004000";

    private static JobStats fullExecution() {
        return new JobStats(EXEC_ID, JobStatus.RUNNING, "SCHEDULER", JobKind.SCHEDULED, true,
                JobStats.refLinkOf(EXEC_ID), "0 0 * * * *", 1760003820L, 1760004001L, 1760004000L, 1760004001L,
                1760009999L, "http://core:8080/service/notifications/tasks/12", "9a1b2c3d4e5f60718293a4b5", 42L,
                "{\"n\":12345678901234567890}", 1760003820L,
                "{\"status\":\"Running\",\"revision\":1760003820,\"check_in_at\":0}");
    }

    @Test
    void should_survive_a_round_trip_through_the_hash_with_every_field() {
        JobStats stats = fullExecution();

        assertThat(JobStats.fromHash(stats.toHash())).isEqualTo(stats);
    }

    @Test
    void should_survive_a_round_trip_of_a_new_job_with_empty_optionals() {
        JobStats stats = JobStats.newJob("3f9c1e0a7b2d4c5e6f708192", "REPLICATION", JobKind.GENERIC, JobStatus.PENDING,
                false, "", null, 1760000000L);

        assertThat(JobStats.fromHash(stats.toHash())).isEqualTo(stats);
    }

    @Test
    void should_write_harbor_field_names_and_values() {
        Map<String, String> hash = fullExecution().toHash();

        assertThat(hash)
                .containsEntry("id", EXEC_ID)
                .containsEntry("status", "Running")
                .containsEntry("kind", "Scheduled")
                .containsEntry("unique", "1")
                .containsEntry("ref_link", "/api/v1/jobs/" + EXEC_ID)
                .containsEntry("run_at", "1760004000")
                .containsEntry("check_in_at", "1760004001")
                .containsEntry("upstream_job_id", "9a1b2c3d4e5f60718293a4b5")
                .containsEntry("numeric_policy_id", "42")
                .containsEntry("revision", "1760003820")
                .doesNotContainKeys("check_in", "is_unique", "hook_ack");
    }

    @Test
    void should_leave_empty_optional_fields_out_of_the_hash() {
        Map<String, String> hash = JobStats.newJob("id1", "DEMO", JobKind.GENERIC, JobStatus.PENDING, false, null, null,
                100L).toHash();

        assertThat(hash).containsEntry("unique", "0")
                .doesNotContainKeys("check_in_at", "die_at", "upstream_job_id", "parameters", "ack");
    }

    @Test
    void should_fill_a_new_job_as_harbor_saves_it() {
        JobStats stats = JobStats.newJob("id1", "DEMO", JobKind.SCHEDULED, JobStatus.SCHEDULED, true, "", "{}", 100L);

        assertThat(stats.refLink()).isEqualTo("/api/v1/jobs/id1");
        assertThat(stats.enqueueTime()).isEqualTo(100L);
        assertThat(stats.updateTime()).isEqualTo(100L);
        assertThat(stats.revision()).isEqualTo(100L);
        assertThat(stats.webHookUrl()).isNull();
        assertThat(stats.parameters()).isEqualTo("{}");
    }

    @Test
    void should_read_an_empty_or_absent_hash_as_no_job() {
        assertThat(JobStats.fromHash(null)).isNull();
        assertThat(JobStats.fromHash(Map.of())).isNull();
    }

    @Test
    void should_read_a_sparse_hash_written_by_harbor() {
        Map<String, String> hash = new HashMap<>(Map.of("id", "abc", "name", "DEMO", "kind", "Generic",
                "status", "Success", "unique", "0", "enqueue_time", "5", "update_time", "6", "cron_spec", "",
                "web_hook_url", "", "check_in", "[REDUNDANT]"));

        JobStats stats = JobStats.fromHash(hash);

        assertThat(stats.status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(stats.kind()).isEqualTo(JobKind.GENERIC);
        assertThat(stats.unique()).isFalse();
        assertThat(stats.cronSpec()).isNull();
        assertThat(stats.webHookUrl()).isNull();
        assertThat(stats.runAt()).isZero();
        assertThat(stats.revision()).isZero();
        assertThat(stats.updateTime()).isEqualTo(6L);
    }
}
