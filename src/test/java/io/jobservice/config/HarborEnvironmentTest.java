package io.jobservice.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Harbor's environment for its jobservice, as its installer renders it: all accepted, each documented. */
class HarborEnvironmentTest {

    /** What Harbor's prepare writes to common/config/jobservice/env with internal TLS, metrics, trace and cache on. */
    static Map<String, String> harborEnv(Path certs) throws Exception {
        Path cert = Files.writeString(certs.resolve("job_service.crt"), "pem");
        Path key = Files.writeString(certs.resolve("job_service.key"), "pem");
        Path ca = Files.writeString(certs.resolve("harbor_internal_ca.crt"), "pem");
        Map<String, String> env = new HashMap<>();
        env.put("CORE_SECRET", "secret-of-core");
        env.put("REGISTRY_URL", "http://registry:5000");
        env.put("JOBSERVICE_SECRET", "secret-of-jobservice");
        env.put("CORE_URL", "http://core:8080");
        env.put("REGISTRY_CONTROLLER_URL", "http://registryctl:8080");
        env.put("JOBSERVICE_WEBHOOK_JOB_MAX_RETRY", "3");
        env.put("JOBSERVICE_WEBHOOK_JOB_HTTP_CLIENT_TIMEOUT", "3");
        env.put("LOG_LEVEL", "info");
        env.put("INTERNAL_TLS_ENABLED", "true");
        env.put("INTERNAL_TLS_TRUST_CA_PATH", ca.toString());
        env.put("INTERNAL_TLS_KEY_PATH", key.toString());
        env.put("INTERNAL_TLS_CERT_PATH", cert.toString());
        env.put("INTERNAL_VERIFY_CLIENT_CERT", "true");
        env.put("HTTP_PROXY", "");
        env.put("HTTPS_PROXY", "");
        env.put("NO_PROXY", "127.0.0.1,localhost,.local,.internal,core,registry");
        env.put("REGISTRY_CREDENTIAL_USERNAME", "harbor_registry_user");
        env.put("REGISTRY_CREDENTIAL_PASSWORD", "password");
        env.put("METRIC_NAMESPACE", "harbor");
        env.put("METRIC_SUBSYSTEM", "jobservice");
        env.put("TRACE_ENABLED", "true");
        env.put("TRACE_SERVICE_NAME", "harbor-jobservice");
        env.put("TRACE_SAMPLE_RATE", "1");
        env.put("TRACE_NAMESPACE", "");
        env.put("TRACE_ATTRIBUTES", "{}");
        env.put("TRACE_OTEL_ENDPOINT", "otel:4318");
        env.put("TRACE_OTEL_URL_PATH", "/v1/traces");
        env.put("TRACE_OTEL_COMPRESSION", "false");
        env.put("TRACE_OTEL_TIMEOUT", "10");
        env.put("TRACE_OTEL_INSECURE", "true");
        env.put("_REDIS_URL_CORE", "redis://redis:6379?idle_timeout_seconds=30");
        env.put("CACHE_ENABLED", "true");
        env.put("CACHE_EXPIRE_HOURS", "24");
        return env;
    }

    /** Harbor's config.yml.jinja rendered with internal TLS, both job loggers and metrics. */
    static final String HARBOR_CONFIG = """
            protocol: "https"
            https_config:
              cert: "%s/job_service.crt"
              key: "%s/job_service.key"
            port: 8443
            worker_pool:
              workers: 10
              backend: "redis"
              redis_pool:
                redis_url: redis://redis:6379/2?idle_timeout_seconds=30
                namespace: "harbor_job_service_namespace"
                idle_timeout_second: 3600
            job_loggers:
              - name: "STD_OUTPUT"
                level: "INFO"
              - name: "FILE"
                level: "INFO"
                settings:
                  base_dir: "/var/log/jobs"
                sweeper:
                  duration: 1
                  settings:
                    work_dir: "/var/log/jobs"
            loggers:
              - name: "STD_OUTPUT"
                level: "INFO"
            metric:
              enabled: true
              path: /metrics
              port: 9090
            reaper:
              max_update_hours: 24
              max_dangling_hours: 168
            max_retrieve_size_mb: 10
            """;

    @TempDir
    Path dir;

    @Test
    void should_accept_the_environment_and_config_harbors_installer_writes() throws Exception {
        HarborConfig config = new ConfigLoader(harborEnv(dir)).parse(HARBOR_CONFIG.formatted(dir, dir));

        assertThat(config.protocol()).isEqualTo("https");
        assertThat(config.port()).isEqualTo(8443);
        assertThat(config.tls().verifyClientCert()).isTrue();
        assertThat(config.tls().trustCaFile()).isEqualTo(dir.resolve("harbor_internal_ca.crt").toString());
        assertThat(config.maxJobDurationSeconds()).isEqualTo(24 * 3600);
        assertThat(config.loggers()).allSatisfy(logger -> assertThat(logger.level()).isEqualTo("INFO"));
    }

    @Test
    void should_name_the_variables_that_are_set_but_not_used() throws Exception {
        assertThat(HarborEnvironment.setButUnused(harborEnv(dir))).containsExactly("CACHE_ENABLED", "CACHE_EXPIRE_HOURS",
                "CORE_URL", "JOBSERVICE_SECRET", "REGISTRY_CONTROLLER_URL", "REGISTRY_CREDENTIAL_PASSWORD",
                "REGISTRY_CREDENTIAL_USERNAME", "REGISTRY_URL", "TRACE_ATTRIBUTES", "TRACE_ENABLED", "TRACE_NAMESPACE",
                "TRACE_OTEL_COMPRESSION", "TRACE_OTEL_ENDPOINT", "TRACE_OTEL_INSECURE", "TRACE_OTEL_TIMEOUT",
                "TRACE_OTEL_URL_PATH", "TRACE_SAMPLE_RATE", "TRACE_SERVICE_NAME", "_REDIS_URL_CORE");
    }

    @Test
    void should_know_every_variable_harbor_sets() throws Exception {
        assertThat(harborEnv(dir).keySet()).allSatisfy(name -> assertThat(HarborEnvironment.VARIABLES)
                .anySatisfy(variable -> assertThat(variable.matches(name)).isTrue()));
    }

    @Test
    void should_document_every_variable_in_the_readme() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(HarborEnvironment.VARIABLES).allSatisfy(variable ->
                assertThat(readme).contains("| `" + variable.name() + (variable.name().endsWith("_") ? "*" : "") + "` |"));
    }
}
