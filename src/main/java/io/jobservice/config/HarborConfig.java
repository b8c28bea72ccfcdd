package io.jobservice.config;

import java.util.List;

/**
 * The service configuration read from Harbor's {@code config.yml} (contract 11.1) after the environment
 * overrides of contract 11.2.
 *
 * @param protocol          http or https (https also when Harbor's internal TLS is on)
 * @param tls               certificates of HTTPS and of outgoing calls
 * @param port              HTTP port of the API
 * @param workers           worker_pool.workers: concurrent jobs on this node
 * @param backend           worker_pool.backend: always redis
 * @param redisUrl          worker_pool.redis_pool.redis_url
 * @param namespace         worker_pool.redis_pool.namespace, without the {} braces
 * @param idleTimeoutSecond worker_pool.redis_pool.idle_timeout_second
 * @param jobLoggers        job_loggers
 * @param loggers           loggers
 * @param metric            the metric block
 * @param maxUpdateHours    reaper.max_update_hours, at least 24
 * @param maxDanglingHours  reaper.max_dangling_hours
 * @param maxJobDurationSeconds {@code MAX_JOB_DURATION_SECONDS}: how long worker observations are kept (Harbor's
 *                          default: max_update_hours)
 * @param maxRetrieveSizeMb max_retrieve_size_mb, 0 = whole log
 */
public record HarborConfig(String protocol, Tls tls, int port, int workers, String backend, RedisUrl redisUrl,
                               String namespace, int idleTimeoutSecond, List<LoggerConfig> jobLoggers,
                               List<LoggerConfig> loggers, Metric metric, int maxUpdateHours, int maxDanglingHours,
                               long maxJobDurationSeconds, int maxRetrieveSizeMb) {

    /**
     * HTTPS of the API and TLS of outgoing calls (contract 11.2, Harbor's internal TLS).
     *
     * @param certFile         the API's certificate (PEM): {@code https_config.cert}, {@code JOB_SERVICE_HTTPS_CERT},
     *                         or {@code INTERNAL_TLS_CERT_PATH}; null over plain HTTP
     * @param keyFile          its key, likewise
     * @param verifyClientCert {@code INTERNAL_VERIFY_CLIENT_CERT}: API clients must present a certificate
     * @param trustCaFile      {@code INTERNAL_TLS_TRUST_CA_PATH}, or null
     * @param clientCertFile   the certificate outgoing calls present ({@code INTERNAL_TLS_CERT_PATH} with internal
     *                         TLS), or null
     * @param clientKeyFile    its key
     */
    public record Tls(String certFile, String keyFile, boolean verifyClientCert, String trustCaFile,
                      String clientCertFile, String clientKeyFile) {
        public static final Tls NONE = new Tls(null, null, false, null, null, null);
    }

    /** The {@code metric} block. */
    public record Metric(boolean enabled, String path, int port) {
    }

    /** Harbor's default namespace. */
    public static final String DEFAULT_NAMESPACE = "harbor_job_service_namespace";
}
