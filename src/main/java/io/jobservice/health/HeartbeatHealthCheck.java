package io.jobservice.health;

import java.time.Clock;
import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * This node's heartbeat, in two checks. {@code heartbeat} (readiness) is down when no heartbeat was written for
 * as long as other nodes wait before they declare this one dead and take its jobs. {@code heartbeat-loop}
 * (liveness) is down only when the heartbeat has not even been tried for three periods: the node's loops are
 * stuck, which a restart cures, unlike a Redis outage.
 */
public final class HeartbeatHealthCheck extends AbstractHealthCheck {

    private final boolean liveness;
    private final LongSupplier lastAtMs;
    private final long maxAgeMs;
    private final Clock clock;
    private final long startedAtMs;

    private HeartbeatHealthCheck(String id, boolean liveness, LongSupplier lastAtMs, long maxAgeMs, Clock clock) {
        super("jobservice", id);
        this.liveness = liveness;
        this.lastAtMs = lastAtMs;
        this.maxAgeMs = maxAgeMs;
        this.clock = clock;
        this.startedAtMs = clock.millis();
    }

    /** Readiness: a heartbeat was written within {@code deadAfterMs}. */
    public static HeartbeatHealthCheck written(LongSupplier lastWrittenAtMs, long deadAfterMs, Clock clock) {
        return new HeartbeatHealthCheck("heartbeat", false, lastWrittenAtMs, deadAfterMs, clock);
    }

    /** Liveness: a heartbeat was tried within three periods. */
    public static HeartbeatHealthCheck tried(LongSupplier lastTriedAtMs, long periodMs, Clock clock) {
        return new HeartbeatHealthCheck("heartbeat-loop", true, lastTriedAtMs, 3 * periodMs, clock);
    }

    @Override
    public boolean isLiveness() {
        return liveness;
    }

    @Override
    public boolean isReadiness() {
        return !liveness;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        long now = clock.millis();
        // before the first beat, the time since start counts
        long ageMs = now - Math.max(lastAtMs.getAsLong(), startedAtMs);
        builder.detail("age_ms", ageMs).detail("max_age_ms", maxAgeMs);
        if (ageMs <= maxAgeMs) {
            builder.up();
        } else {
            builder.message("no heartbeat " + (liveness ? "tried" : "written") + " for " + ageMs + " ms").down();
        }
    }
}
