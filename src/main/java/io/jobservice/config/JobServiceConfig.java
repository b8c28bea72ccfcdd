package io.jobservice.config;

import java.util.List;

/**
 * The service configuration read from Harbor's {@code config.yml} (contract 11.1) after the environment
 * overrides of contract 11.2.
 *
 * @param protocol          http (https is refused for now, see README)
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
 * @param maxRetrieveSizeMb max_retrieve_size_mb, 0 = whole log
 */
public record JobServiceConfig(String protocol, int port, int workers, String backend, RedisUrl redisUrl,
                               String namespace, int idleTimeoutSecond, List<LoggerConfig> jobLoggers,
                               List<LoggerConfig> loggers, Metric metric, int maxUpdateHours, int maxDanglingHours,
                               int maxRetrieveSizeMb) {

    /** The {@code metric} block. */
    public record Metric(boolean enabled, String path, int port) {
    }

    /** Harbor's default namespace. */
    public static final String DEFAULT_NAMESPACE = "harbor_job_service_namespace";
}
