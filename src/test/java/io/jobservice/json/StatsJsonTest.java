package io.jobservice.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.map;

import io.jobservice.job.JobKind;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import org.junit.jupiter.api.Test;

class StatsJsonTest {

    private static final String EXEC_ID = "9a1b2c3d4e5f60718293a4b5@1760004000";

    private static JobStats runningExecution() {
        return new JobStats(EXEC_ID, JobStatus.RUNNING, "SCHEDULER", JobKind.SCHEDULED, false,
                JobStats.refLinkOf(EXEC_ID), "0 0 * * * *", 1760003820L, 1760004001L, 1760004000L, 1760004001L, 0L,
                "http://core:8080/service/notifications/tasks/12", "9a1b2c3d4e5f60718293a4b5", 0L,
                null, 1760003820L, "{\"status\":\"Running\",\"revision\":1760003820,\"check_in_at\":0}");
    }

    private static String json(JobStats stats, boolean withRevision) {
        return Json.write(StatsJson.of(stats, withRevision));
    }

    @Test
    void should_write_the_contract_example_of_a_running_execution_byte_for_byte() {
        assertThat(json(runningExecution(), true)).isEqualTo("""
                {"job":{"id":"9a1b2c3d4e5f60718293a4b5@1760004000","status":"Running","name":"SCHEDULER",\
                "kind":"Scheduled","unique":false,"ref_link":"/api/v1/jobs/9a1b2c3d4e5f60718293a4b5@1760004000",\
                "cron_spec":"0 0 * * * *","enqueue_time":1760003820,"update_time":1760004001,"run_at":1760004000,\
                "check_in_at":1760004001,"web_hook_url":"http://core:8080/service/notifications/tasks/12",\
                "upstream_job_id":"9a1b2c3d4e5f60718293a4b5","revision":1760003820,\
                "ack":{"status":"Running","revision":1760003820,"check_in_at":0}}}""");
    }

    @Test
    void should_write_the_contract_example_of_a_generic_202_body_without_revision() {
        JobStats stats = JobStats.newJob("3f9c1e0a7b2d4c5e6f708192", "REPLICATION", JobKind.GENERIC, JobStatus.PENDING,
                false, "http://core:8080/service/notifications/tasks/4711",
                "{\"src_resource\":\"...\",\"dst_resource\":\"...\"}", 1760000000L);

        assertThat(json(stats, false)).isEqualTo("""
                {"job":{"id":"3f9c1e0a7b2d4c5e6f708192","status":"Pending","name":"REPLICATION","kind":"Generic",\
                "unique":false,"ref_link":"/api/v1/jobs/3f9c1e0a7b2d4c5e6f708192","enqueue_time":1760000000,\
                "update_time":1760000000,"web_hook_url":"http://core:8080/service/notifications/tasks/4711",\
                "parameters":{"src_resource":"...","dst_resource":"..."}}}""");
    }

    @Test
    void should_put_every_optional_key_in_go_order() {
        JobStats all = new JobStats("p1", JobStatus.SCHEDULED, "DEMO", JobKind.PERIODIC, true, "/api/v1/jobs/p1",
                "0 * * * * *", 1L, 2L, 3L, 4L, 5L, "http://h", "up", 6L, "{\"a\":1}", 7L, "{\"status\":\"Scheduled\"}");

        assertThat(StatsJson.of(all, true).get("job")).asInstanceOf(map(String.class, Object.class))
                .containsOnlyKeys("id", "status", "name", "kind", "unique", "ref_link", "cron_spec", "enqueue_time",
                        "update_time", "run_at", "check_in_at", "die_at", "web_hook_url", "upstream_job_id",
                        "numeric_policy_id", "parameters", "revision", "ack");
        assertThat(json(all, true)).isEqualTo("""
                {"job":{"id":"p1","status":"Scheduled","name":"DEMO","kind":"Periodic","unique":true,\
                "ref_link":"/api/v1/jobs/p1","cron_spec":"0 * * * * *","enqueue_time":1,"update_time":2,"run_at":3,\
                "check_in_at":4,"die_at":5,"web_hook_url":"http://h","upstream_job_id":"up","numeric_policy_id":6,\
                "parameters":{"a":1},"revision":7,"ack":{"status":"Scheduled"}}}""");
    }

    @Test
    void should_never_omit_id_status_name_kind_unique_and_times() {
        JobStats bare = new JobStats("x", JobStatus.PENDING, "DEMO", JobKind.GENERIC, false, null, null, 0L, 0L, 0L, 0L,
                0L, null, null, 0L, null, 0L, null);

        assertThat(json(bare, true)).isEqualTo("""
                {"job":{"id":"x","status":"Pending","name":"DEMO","kind":"Generic","unique":false,\
                "enqueue_time":0,"update_time":0}}""");
    }

    @Test
    void should_omit_empty_strings_like_absent_ones() {
        JobStats empty = new JobStats("x", JobStatus.PENDING, "DEMO", JobKind.GENERIC, false, "", "", 1L, 1L, 0L, 0L,
                0L, "", "", 0L, null, 1L, null);

        assertThat(json(empty, true)).doesNotContain("ref_link", "cron_spec", "web_hook_url", "upstream_job_id");
    }

    @Test
    void should_keep_big_numbers_of_the_parameters() {
        JobStats stats = JobStats.newJob("x", "DEMO", JobKind.GENERIC, JobStatus.PENDING, false, null,
                "{\"n\":12345678901234567890,\"d\":0.10000000000000000001}", 1L);

        assertThat(json(stats, false)).contains("\"parameters\":{\"n\":12345678901234567890,\"d\":0.10000000000000000001}");
    }
}
