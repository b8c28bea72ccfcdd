package io.jobservice.health;

import java.time.Duration;

import io.jobservice.queue.RedisConnector;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Readiness: Redis answers a PING within a second. Down while it is unreachable (the API then fails and workers
 * pause); up again by itself once the connection is back. Not a liveness check: restarting the node would not
 * bring Redis back.
 */
public final class RedisHealthCheck extends AbstractHealthCheck {

    private static final Duration PING_TIMEOUT = Duration.ofSeconds(1);
    private final RedisConnector redis;

    public RedisHealthCheck(RedisConnector redis) {
        super("jobservice", "redis");
        this.redis = redis;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            builder.detail("ping_ms", redis.pingMillis(PING_TIMEOUT)).up();
        } catch (RuntimeException e) {
            builder.message("Redis is unreachable: " + RedisConnector.rootMessage(e)).down();
        }
    }
}
