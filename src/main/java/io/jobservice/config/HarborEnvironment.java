package io.jobservice.config;

import java.util.List;
import java.util.Map;

/**
 * Every environment variable Harbor's installer sets for its jobservice (its {@code env.jinja} template) or its
 * jobservice reads ({@code config.go}), and whether this service uses it. All are accepted; the README's
 * configuration table lists the same, and the ones set but unused are named at start, so none is dropped silently.
 */
public final class HarborEnvironment {

    /**
     * One variable.
     *
     * @param name    its name, or a prefix ending in {@code _} for a family ({@code TRACE_})
     * @param used    whether this service reads it
     * @param purpose what it does here, or why it is not needed
     */
    public record Variable(String name, boolean used, String purpose) {

        boolean matches(String variable) {
            return name.endsWith("_") ? variable.startsWith(name) : variable.equals(name);
        }
    }

    public static final List<Variable> VARIABLES = List.of(
            new Variable("CORE_SECRET", true, "the secret API callers present"),
            new Variable("JOBSERVICE_SECRET", false, "the secret for calls to core; this service makes none"),
            new Variable("REGISTRY_URL", false, "the registry, for Harbor's business job types (not implemented)"),
            new Variable("CORE_URL", false, "core's URL, for Harbor's business job types and the job context"),
            new Variable("REGISTRY_CONTROLLER_URL", false, "registryctl, for garbage collection (not implemented)"),
            new Variable("REGISTRY_CREDENTIAL_USERNAME", false, "registry credentials of the business job types"),
            new Variable("REGISTRY_CREDENTIAL_PASSWORD", false, "registry credentials of the business job types"),
            new Variable("JOBSERVICE_WEBHOOK_JOB_MAX_RETRY", true, "attempts of WEBHOOK and SLACK jobs"),
            new Variable("JOBSERVICE_WEBHOOK_JOB_HTTP_CLIENT_TIMEOUT", true, "time-out of WEBHOOK and SLACK posts (s)"),
            new Variable("LOG_LEVEL", true, "the service's own log level: debug, info, warning, error or fatal"),
            new Variable("MAX_JOB_DURATION_SECONDS", true,
                    "how long worker observations are kept (s); default reaper.max_update_hours"),
            new Variable("INTERNAL_TLS_ENABLED", true, "HTTPS with the internal certificate, presented by outgoing calls too"),
            new Variable("INTERNAL_TLS_CERT_PATH", true, "the internal certificate (PEM)"),
            new Variable("INTERNAL_TLS_KEY_PATH", true, "its key (PEM: RSA PKCS#1 or PKCS#8, or EC)"),
            new Variable("INTERNAL_TLS_TRUST_CA_PATH", true, "Harbor's internal CA: trusted for outgoing calls and client certificates"),
            new Variable("INTERNAL_VERIFY_CLIENT_CERT", true, "API clients must present a certificate of that CA"),
            new Variable("HTTP_PROXY", true, "proxy of WEBHOOK and SLACK posts over http"),
            new Variable("HTTPS_PROXY", true, "proxy of WEBHOOK and SLACK posts over https"),
            new Variable("NO_PROXY", true, "hosts WEBHOOK and SLACK reach without the proxy"),
            new Variable("METRIC_NAMESPACE", true, "prefix of the metric names"),
            new Variable("METRIC_SUBSYSTEM", true, "second part of the metric names"),
            new Variable("JOB_SERVICE_PROTOCOL", true, "overrides protocol"),
            new Variable("JOB_SERVICE_PORT", true, "overrides port"),
            new Variable("JOB_SERVICE_HTTPS_CERT", true, "overrides https_config.cert"),
            new Variable("JOB_SERVICE_HTTPS_KEY", true, "overrides https_config.key"),
            new Variable("JOB_SERVICE_POOL_BACKEND", true, "overrides worker_pool.backend"),
            new Variable("JOB_SERVICE_POOL_WORKERS", true, "overrides worker_pool.workers"),
            new Variable("JOB_SERVICE_POOL_REDIS_URL", true, "overrides worker_pool.redis_pool.redis_url"),
            new Variable("JOB_SERVICE_POOL_REDIS_NAMESPACE", true, "overrides worker_pool.redis_pool.namespace"),
            new Variable("JOB_SERVICE_POOL_REDIS_CONN_IDLE_TIMEOUT_SECOND", true,
                    "overrides worker_pool.redis_pool.idle_timeout_second"),
            new Variable("TRACE_", false, "OpenTelemetry and Jaeger tracing: not implemented"),
            new Variable("_REDIS_URL_CORE", false, "core's cache Redis; this service keeps no cache"),
            new Variable("_REDIS_URL_CACHE_LAYER", false, "core's cache Redis; this service keeps no cache"),
            new Variable("CACHE_ENABLED", false, "core's cache; this service keeps no cache"),
            new Variable("CACHE_EXPIRE_HOURS", false, "core's cache; this service keeps no cache"));

    private HarborEnvironment() {
    }

    /** The variables of {@code env} that Harbor sets but this service does not use, sorted. */
    public static List<String> setButUnused(Map<String, String> env) {
        return env.keySet().stream().filter(name -> VARIABLES.stream()
                .anyMatch(variable -> !variable.used() && variable.matches(name))).sorted().toList();
    }
}
