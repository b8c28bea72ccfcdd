package io.jobservice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

    private static final String MINIMAL = """
            worker_pool:
              redis_pool:
                redis_url: embedded
            """;

    private static HarborConfig parse(String yaml) {
        return new ConfigLoader(Map.of()).parse(yaml);
    }

    private static HarborConfig parse(String yaml, Map<String, String> env) {
        return new ConfigLoader(env).parse(yaml);
    }

    private static String withRedisUrl(String url) {
        return "worker_pool:\n  redis_pool:\n    redis_url: \"" + url + "\"\n";
    }

    @Test
    void should_load_the_repository_config_file() {
        HarborConfig config = new ConfigLoader(Map.of()).load(Path.of("config/config.yml"));

        assertThat(config.protocol()).isEqualTo("http");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.workers()).isEqualTo(10);
        assertThat(config.backend()).isEqualTo("redis");
        assertThat(config.redisUrl().embedded()).isTrue();
        assertThat(config.namespace()).isEqualTo("harbor_job_service_namespace");
        assertThat(config.idleTimeoutSecond()).isEqualTo(3600);
        assertThat(config.maxRetrieveSizeMb()).isEqualTo(10);
        assertThat(config.jobLoggers()).extracting(LoggerConfig::name).containsExactly("STD_OUTPUT", "FILE");
    }

    @Test
    void should_name_the_path_when_the_file_is_missing(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yml");

        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage("-c: configuration file " + missing + " does not exist")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("-c");
    }

    @Test
    void should_name_the_line_of_malformed_yaml() {
        String yaml = """
                protocol: http
                port: 8080
                  workers: 3
                """;

        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("yaml: malformed at line 3");
    }

    @Test
    void should_refuse_a_document_that_is_not_a_mapping() {
        assertThatThrownBy(() -> parse("- a\n- b\n"))
                .hasMessageStartingWith("yaml: the document must be a mapping");
    }

    @Test
    void should_apply_defaults_to_a_minimal_file() {
        HarborConfig config = parse(MINIMAL);

        assertThat(config.protocol()).isEqualTo("http");
        assertThat(config.workers()).isEqualTo(10);
        assertThat(config.backend()).isEqualTo("redis");
        assertThat(config.namespace()).isEqualTo("harbor_job_service_namespace");
        assertThat(config.idleTimeoutSecond()).isZero();
        assertThat(config.maxUpdateHours()).isEqualTo(24);
        assertThat(config.maxDanglingHours()).isEqualTo(168);
        assertThat(config.maxRetrieveSizeMb()).isZero();
        assertThat(config.loggers()).hasSize(1);
        assertThat(config.jobLoggers()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 12, 24})
    void should_clamp_max_update_hours_at_24(int hours) {
        HarborConfig config = parse(MINIMAL + "reaper:\n  max_update_hours: " + hours + "\n");

        assertThat(config.maxUpdateHours()).isEqualTo(24);
    }

    @Test
    void should_keep_max_update_hours_above_24() {
        HarborConfig config = parse(MINIMAL + "reaper:\n  max_update_hours: 72\n");

        assertThat(config.maxUpdateHours()).isEqualTo(72);
    }

    @Test
    void should_refuse_an_unknown_backend() {
        String yaml = MINIMAL + "  backend: memory\n";

        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage("worker_pool.backend: unknown backend 'memory', only 'redis' is supported");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 70000, -1})
    void should_refuse_a_port_out_of_range(int port) {
        assertThatThrownBy(() -> parse("port: " + port + "\n" + MINIMAL))
                .isInstanceOf(ConfigException.class)
                .hasMessage("port: must be within 1..65535, got " + port);
    }

    @Test
    void should_refuse_a_port_that_is_not_a_number() {
        assertThatThrownBy(() -> parse("port: http\n" + MINIMAL))
                .isInstanceOf(ConfigException.class)
                .hasMessage("port: must be an integer, got 'http'");
    }

    @Test
    void should_refuse_an_unknown_protocol() {
        assertThatThrownBy(() -> parse("protocol: ftp\n" + MINIMAL))
                .hasMessage("protocol: must be http or https, got 'ftp'");
    }

    @Test
    void should_refuse_negative_workers() {
        assertThatThrownBy(() -> parse(MINIMAL + "  workers: -1\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("worker_pool.workers: ");
    }

    @Test
    void should_refuse_zero_workers_where_harbor_would_silently_use_10() {
        assertThatThrownBy(() -> parse(MINIMAL + "  workers: 0\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("worker_pool.workers: must be at least 1, got 0");
    }

    @Test
    void should_name_the_environment_variable_when_its_value_is_bad() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("JOB_SERVICE_PORT", "abc")).parse(MINIMAL))
                .isInstanceOf(ConfigException.class)
                .hasMessage("port (from JOB_SERVICE_PORT): must be an integer, got 'abc'");
    }

    @Test
    void should_require_a_redis_url() {
        assertThatThrownBy(() -> parse("port: 8080\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("worker_pool.redis_pool.redis_url: is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://redis:6379",
            "redis://redis:port",
            "redis://redis:70000",
            "redis+sentinel://h1:26379,h2:26379",
            "redis://h1:6379,h2:6379/2",
            "redis://redis:6379/two"})
    void should_report_an_unparseable_redis_url_under_its_key(String url) {
        assertThatThrownBy(() -> parse(withRedisUrl(url)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("worker_pool.redis_pool.redis_url: ")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("worker_pool.redis_pool.redis_url");
    }

    @Test
    void should_normalise_a_bare_host_and_port_to_a_redis_url() {
        HarborConfig config = parse(withRedisUrl("localhost:6379"));

        assertThat(config.redisUrl().hosts()).containsExactly(new RedisUrl.HostPort("localhost", 6379));
        assertThat(config.redisUrl().tls()).isFalse();
        assertThat(config.redisUrl().sentinel()).isFalse();
        // contract 13.8 #34: the configured redis_url reads back as redis://localhost:6379
        assertThat(config.redisUrl().text()).isEqualTo("redis://localhost:6379");
    }

    @Test
    void should_let_the_url_idle_timeout_override_idle_timeout_second() {
        String yaml = """
                worker_pool:
                  redis_pool:
                    redis_url: "redis://redis:6379/2?idle_timeout_seconds=30"
                    idle_timeout_second: 3600
                """;

        assertThat(parse(yaml).idleTimeoutSecond()).isEqualTo(30);
    }

    @Test
    void should_keep_idle_timeout_second_when_the_url_has_none() {
        String yaml = """
                worker_pool:
                  redis_pool:
                    redis_url: "redis://redis:6379/2"
                    idle_timeout_second: 3600
                """;

        assertThat(parse(yaml).idleTimeoutSecond()).isEqualTo(3600);
    }

    @Test
    void should_take_values_from_the_environment_over_the_file() {
        String yaml = """
                protocol: https
                port: 8080
                worker_pool:
                  workers: 10
                  backend: memory
                  redis_pool:
                    redis_url: embedded
                    namespace: from_file
                """;
        Map<String, String> env = Map.of(
                "JOB_SERVICE_PROTOCOL", "http",
                "JOB_SERVICE_PORT", "8989",
                "JOB_SERVICE_POOL_WORKERS", "8",
                "JOB_SERVICE_POOL_BACKEND", "redis",
                "JOB_SERVICE_POOL_REDIS_URL", "redis://:password@8.8.8.8:6379/2",
                "JOB_SERVICE_POOL_REDIS_NAMESPACE", "ut_namespace");

        HarborConfig config = parse(yaml, env);

        assertThat(config.protocol()).isEqualTo("http");
        assertThat(config.port()).isEqualTo(8989);
        assertThat(config.workers()).isEqualTo(8);
        assertThat(config.backend()).isEqualTo("redis");
        assertThat(config.redisUrl().hosts()).containsExactly(new RedisUrl.HostPort("8.8.8.8", 6379));
        assertThat(config.redisUrl().password()).isEqualTo("password");
        assertThat(config.redisUrl().database()).isEqualTo(2);
        assertThat(config.namespace()).isEqualTo("ut_namespace");
    }

    @Test
    void should_validate_values_that_come_from_the_environment() {
        assertThatThrownBy(() -> parse(MINIMAL, Map.of("JOB_SERVICE_POOL_BACKEND", "kafka")))
                .hasMessageContaining("unknown backend 'kafka'");
        assertThatThrownBy(() -> parse(MINIMAL, Map.of("JOB_SERVICE_PORT", "70000")))
                .hasMessage("port (from JOB_SERVICE_PORT): must be within 1..65535, got 70000");
        assertThatThrownBy(() -> parse(MINIMAL, Map.of("JOB_SERVICE_PROTOCOL", "ftp")))
                .hasMessageStartingWith("protocol (from JOB_SERVICE_PROTOCOL): ");
    }

    @Test
    void should_ignore_blank_environment_values() {
        Map<String, String> env = Map.of("JOB_SERVICE_PORT", " ", "JOB_SERVICE_POOL_REDIS_NAMESPACE", "");

        HarborConfig config = parse("port: 9000\n" + MINIMAL, env);

        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.namespace()).isEqualTo("harbor_job_service_namespace");
    }

    @Test
    void should_decode_a_password_the_go_way() {
        HarborConfig config = parse(withRedisUrl("redis://:p+ss%40word@redis:6379/2"));

        assertThat(config.redisUrl().password()).isEqualTo("p+ss@word");
    }

    private static final String REDIS_ONLY = """
            worker_pool:
              redis_pool:
                redis_url: embedded
            """;

    @Test
    void should_set_the_level_of_every_service_logger_from_log_level() {
        HarborConfig config = new ConfigLoader(Map.of("LOG_LEVEL", "debug")).parse(REDIS_ONLY + """
                loggers:
                  - name: STD_OUTPUT
                    level: INFO
                """);

        assertThat(config.loggers()).extracting(LoggerConfig::level).containsExactly("DEBUG");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("LOG_LEVEL", "verbose")).parse(REDIS_ONLY))
                .isInstanceOf(ConfigException.class)
                .hasMessage("LOG_LEVEL: must be debug, info, warning, error or fatal, got 'verbose'");
    }

    @Test
    void should_keep_worker_observations_for_max_job_duration_seconds_or_else_max_update_hours() {
        assertThat(new ConfigLoader(Map.of()).parse(REDIS_ONLY + "reaper:\n  max_update_hours: 48\n").maxJobDurationSeconds())
                .isEqualTo(48 * 3600);
        assertThat(new ConfigLoader(Map.of("MAX_JOB_DURATION_SECONDS", "7200")).parse(REDIS_ONLY).maxJobDurationSeconds())
                .isEqualTo(7200);
    }

    @Test
    void should_serve_https_from_harbors_settings_and_its_internal_tls(@TempDir Path dir)
            throws Exception {
        Path cert = Files.writeString(dir.resolve("job_service.crt"), "pem");
        Path key = Files.writeString(dir.resolve("job_service.key"), "pem");
        HarborConfig file = new ConfigLoader(Map.of()).parse(REDIS_ONLY + """
                protocol: https
                https_config:
                  cert: %s
                  key: %s
                """.formatted(cert, key));
        assertThat(file.protocol()).isEqualTo("https");
        assertThat(file.tls().certFile()).isEqualTo(cert.toString());
        assertThat(file.tls().clientCertFile()).as("no internal TLS: no client certificate").isNull();

        HarborConfig internal = new ConfigLoader(Map.of("INTERNAL_TLS_ENABLED", "true",
                "INTERNAL_TLS_CERT_PATH", cert.toString(), "INTERNAL_TLS_KEY_PATH", key.toString(),
                "INTERNAL_VERIFY_CLIENT_CERT", "true")).parse(REDIS_ONLY + "protocol: http\n");
        assertThat(internal.protocol()).isEqualTo("https");
        assertThat(internal.tls().keyFile()).isEqualTo(key.toString());
        assertThat(internal.tls().verifyClientCert()).isTrue();
        assertThat(internal.tls().clientCertFile()).isEqualTo(cert.toString());

        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(REDIS_ONLY + "protocol: https\n"))
                .isInstanceOf(ConfigException.class).hasMessage("https_config.cert: is required for HTTPS");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("JOB_SERVICE_PROTOCOL", "https",
                "JOB_SERVICE_HTTPS_CERT", dir.resolve("missing.crt").toString(), "JOB_SERVICE_HTTPS_KEY", key.toString()))
                .parse(REDIS_ONLY)).isInstanceOf(ConfigException.class)
                .hasMessage("https_config.cert (from JOB_SERVICE_HTTPS_CERT): file " + dir.resolve("missing.crt")
                        + " does not exist or cannot be read");
    }
}
