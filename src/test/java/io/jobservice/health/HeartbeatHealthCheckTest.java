package io.jobservice.health;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The heartbeat checks go down only past their ages, counted from start before the first beat. */
class HeartbeatHealthCheckTest {

    final AtomicLong nowMs = new AtomicLong(1_000_000);
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(nowMs.get());
        }
    };

    @Test
    void should_be_ready_while_heartbeats_are_written_within_the_dead_after_time() {
        AtomicLong lastWritten = new AtomicLong();
        HeartbeatHealthCheck check = HeartbeatHealthCheck.written(lastWritten::get, 15_000, clock);
        assertThat(check.isReadiness()).isTrue();
        assertThat(check.isLiveness()).isFalse();

        assertThat(check.call(Map.of()).getState()).as("just started").isEqualTo(HealthCheck.State.UP);
        nowMs.addAndGet(15_001);
        assertThat(check.call(Map.of()).getState()).as("never written").isEqualTo(HealthCheck.State.DOWN);
        lastWritten.set(nowMs.get() - 5_000);
        assertThat(check.call(Map.of()).getState()).isEqualTo(HealthCheck.State.UP);
        nowMs.addAndGet(10_001);
        HealthCheck.Result stale = check.call(Map.of());
        assertThat(stale.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(stale.getMessage()).hasValue("no heartbeat written for 15001 ms");
    }

    @Test
    void should_be_live_while_heartbeats_are_tried_every_period() {
        AtomicLong lastTried = new AtomicLong(nowMs.get());
        HeartbeatHealthCheck check = HeartbeatHealthCheck.tried(lastTried::get, 5_000, clock);
        assertThat(check.isLiveness()).isTrue();
        assertThat(check.isReadiness()).isFalse();

        nowMs.addAndGet(15_000);
        assertThat(check.call(Map.of()).getState()).isEqualTo(HealthCheck.State.UP);
        nowMs.addAndGet(1);
        assertThat(check.call(Map.of()).getState()).isEqualTo(HealthCheck.State.DOWN);
    }
}
