package io.jobservice.health;

import java.util.Map;

import io.jobservice.metrics.ClusterStatsCache;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.RedisAccessException;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the number of jobs with undelivered hook events stays at or below {@code jobservice.health.hook-backlog-max}.
 * A backlog past it means core is not hearing about status changes (its receiver is down or too slow). While Redis
 * is unreachable this check says unknown and leaves the verdict to the {@code redis} check.
 */
public final class HookBacklogHealthCheck extends AbstractHealthCheck {

    private final ClusterStatsCache cache;
    private final long max;

    public HookBacklogHealthCheck(ClusterStatsCache cache, long max) {
        super("jobservice", "hook-backlog");
        this.cache = cache;
        this.max = max;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        JobQueue.ClusterStats stats;
        try {
            stats = cache.get();
        } catch (RedisAccessException e) {
            builder.message("backlog unknown: Redis is unreachable").unknown();
            return;
        }
        builder.detail("waiting", stats.hooksWaiting()).detail("parked", stats.hooksParked()).detail("max", max);
        if (stats.hooksWaiting() <= max) {
            builder.up();
        } else {
            builder.message(stats.hooksWaiting() + " jobs have hook events waiting, more than " + max).down();
        }
    }
}
