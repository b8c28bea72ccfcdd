package io.jobservice.queue;

import io.jobservice.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every key string exactly as Harbor and gocraft/work write it (contract 10.1, 10.2, 6.2), for Harbor's default
 * namespace. Core's dashboard, harbor-exporter and a Go jobservice sharing the Redis depend on these; no Redis here.
 */
class RedisKeysTest {

    private static final String NS = "harbor_job_service_namespace";
    private final RedisKeys keys = new RedisKeys(NS);

    @Test
    void should_wrap_the_namespace_in_braces_and_end_the_prefix_with_one_colon() {
        assertThat(keys.namespace()).isEqualTo("harbor_job_service_namespace");
        assertThat(keys.prefix()).isEqualTo("{harbor_job_service_namespace}:");
    }

    @Test
    void should_name_the_queue_library_keys_as_gocraft_does() {
        assertThat(keys.knownJobs()).isEqualTo("{harbor_job_service_namespace}:known_jobs");
        assertThat(keys.jobQueue("DEMO")).isEqualTo("{harbor_job_service_namespace}:jobs:DEMO");
        assertThat(keys.inProgress("DEMO", "5a1b2c3d4e5f60718293a4b5"))
                .isEqualTo("{harbor_job_service_namespace}:jobs:DEMO:5a1b2c3d4e5f60718293a4b5:inprogress");
        assertThat(keys.paused("DEMO")).isEqualTo("{harbor_job_service_namespace}:jobs:DEMO:paused");
        assertThat(keys.lock("DEMO")).isEqualTo("{harbor_job_service_namespace}:jobs:DEMO:lock");
        assertThat(keys.lockInfo("DEMO")).isEqualTo("{harbor_job_service_namespace}:jobs:DEMO:lock_info");
        assertThat(keys.maxConcurrency("DEMO")).isEqualTo("{harbor_job_service_namespace}:jobs:DEMO:max_concurrency");
        assertThat(keys.scheduled()).isEqualTo("{harbor_job_service_namespace}:scheduled");
        assertThat(keys.retry()).isEqualTo("{harbor_job_service_namespace}:retry");
        assertThat(keys.dead()).isEqualTo("{harbor_job_service_namespace}:dead");
        assertThat(keys.workerPools()).isEqualTo("{harbor_job_service_namespace}:worker_pools");
        assertThat(keys.heartbeat("5a1b2c3d4e5f60718293a4b5"))
                .isEqualTo("{harbor_job_service_namespace}:worker_pools:5a1b2c3d4e5f60718293a4b5");
        assertThat(keys.worker("6b2c3d4e5f60718293a4b5c6"))
                .isEqualTo("{harbor_job_service_namespace}:worker:6b2c3d4e5f60718293a4b5c6");
    }

    @Test
    void should_name_harbors_own_keys_as_harbor_does() {
        assertThat(keys.jobStats("9a1b2c3d4e5f60718293a4b5"))
                .isEqualTo("{harbor_job_service_namespace}:job_stats:9a1b2c3d4e5f60718293a4b5");
        assertThat(keys.jobStats("9a1b2c3d4e5f60718293a4b5@1760004000"))
                .isEqualTo("{harbor_job_service_namespace}:job_stats:9a1b2c3d4e5f60718293a4b5@1760004000");
        assertThat(keys.jobTrack()).isEqualTo("{harbor_job_service_namespace}:job_track:inprogress");
        assertThat(keys.executions("9a1b2c3d4e5f60718293a4b5"))
                .isEqualTo("{harbor_job_service_namespace}:executions:9a1b2c3d4e5f60718293a4b5");
        assertThat(keys.periodicPolicies()).isEqualTo("{harbor_job_service_namespace}:period:policies");
    }

    @Test
    void should_end_the_unique_key_with_the_sorted_parameter_json_and_a_newline() throws Exception {
        QueuedJob job = job("{\"tag\":\"v1\",\"repository\":{\"name\":\"library/nginx\",\"id\":7}}");

        assertThat(keys.unique(job.name(), job.canonicalArgs())).isEqualTo("{harbor_job_service_namespace}:unique:DEMO:"
                + "{\"repository\":{\"id\":7,\"name\":\"library/nginx\"},\"tag\":\"v1\"}\n");
    }

    @Test
    void should_give_empty_parameters_their_own_unique_key() throws Exception {
        QueuedJob job = job("{}");

        assertThat(keys.unique(job.name(), job.canonicalArgs()))
                .isEqualTo("{harbor_job_service_namespace}:unique:DEMO:{}\n");
    }

    /** gocraft writes no JSON and no newline when the arguments are nil (redisKeyUniqueJob: {@code if args != nil}). */
    @Test
    void should_end_the_unique_key_of_a_job_without_parameters_after_the_name_as_gocraft_does() throws Exception {
        QueuedJob job = QueuedJob.parse(
                "{\"name\":\"DEMO\",\"id\":\"9a1b2c3d4e5f60718293a4b5\",\"t\":1760000000,\"args\":null}");

        assertThat(keys.unique(job.name(), job.canonicalArgs()))
                .isEqualTo("{harbor_job_service_namespace}:unique:DEMO:");
    }

    /** Go's json.Encoder escapes {@code <}, {@code >} and {@code &} (SetEscapeHTML defaults to true). */
    @Test
    void should_escape_html_characters_in_the_unique_key_as_go_does() throws Exception {
        QueuedJob job = job("{\"url\":\"http://core/hook?a=1&b=<2>\"}");

        assertThat(keys.unique(job.name(), job.canonicalArgs())).isEqualTo("{harbor_job_service_namespace}:unique:DEMO:"
                + "{\"url\":\"http://core/hook?a=1\\u0026b=\\u003c2\\u003e\"}\n");
    }

    /** Harbor decodes parameters into float64: 1.0 goes back out as 1, 2.50 as 2.5, 100.0 as 100 (contract 6.2). */
    @Test
    void should_write_numbers_in_the_unique_key_as_go_re_encodes_doubles() throws Exception {
        QueuedJob job = job("{\"ratio\":2.50,\"retries\":1.0,\"size\":100.0}");

        assertThat(keys.unique(job.name(), job.canonicalArgs()))
                .isEqualTo("{harbor_job_service_namespace}:unique:DEMO:{\"ratio\":2.5,\"retries\":1,\"size\":100}\n");
    }

    private static QueuedJob job(String argsJson) throws Exception {
        return new QueuedJob("DEMO", "9a1b2c3d4e5f60718293a4b5", 1_760_000_000L, Json.read(argsJson), true, 0, null, 0);
    }
}
