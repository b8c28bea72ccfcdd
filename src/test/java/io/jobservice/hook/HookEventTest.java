package io.jobservice.hook;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.job.JobKind;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.jobservice.json.Json;
import io.jobservice.queue.LuaScript;
import io.jobservice.support.RedisServerExtension;
import io.lettuce.core.ScriptOutputType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hook events: what makes one outdated (contract 4.3, the same answer as the Lua rule Redis applies), the StatusChange
 * body (2.5), log truncation (4.1).
 */
class HookEventTest {

    static String ack(String status, long revision, long checkInAt) {
        return "{\"status\":\"" + status + "\",\"revision\":" + revision + ",\"check_in_at\":" + checkInAt + "}";
    }

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();
    static final LuaScript LUA_RULE = LuaScript.load("outdated_by_ack_probe");

    /** Event status, revision, check-in time and text; ACK status, revision, check-in time; outdated or not. */
    @ParameterizedTest
    @CsvSource({
            "Running,10,0,,Running,10,0,true",
            "Running,10,0,,Success,10,0,true",
            "Success,10,0,,Running,10,0,false",
            "Success,10,0,,Success,11,0,true",
            "Success,11,0,,Success,10,0,false",
            "Running,10,5,x,Running,10,5,false",
            "Running,10,5,x,Running,10,6,true",
            "Running,10,5,x,Running,10,0,false",
            "Running,10,5,x,Success,10,0,true",
            "Success,10,5,,Running,10,5,false",
            "Success,10,5,,Success,10,5,true",
            "Error,10,0,,Success,10,0,false",
            "Running,10,0,,Nope,99,0,false"})
    void should_find_an_event_outdated_only_by_a_newer_ack_as_redis_does(
            String status, long revision, long checkInAt, String checkIn, String ackStatus, long ackRevision,
            long ackCheckInAt, boolean outdated) {
        HookEvent event = new HookEvent(JobStatus.fromWire(status), revision, checkInAt, checkIn);
        String ack = ack(ackStatus, ackRevision, ackCheckInAt);
        assertThat(event.outdatedBy(ack)).as("Java").isEqualTo(outdated);
        Long lua = LUA_RULE.run(REDIS.connector().commands(), ScriptOutputType.INTEGER, new String[0], ack, status,
                Long.toString(revision), Long.toString(checkInAt), checkIn == null ? "0" : "1");
        assertThat(lua).as("lib/status.lua").isEqualTo(outdated ? 1L : 0L);
        assertThat(event.outdatedBy(null)).isFalse();
    }

    @Test
    void should_build_harbors_status_change_with_the_events_values() throws Exception {
        JobStats stats = new JobStats("abc", JobStatus.SUCCESS, "DEMO", JobKind.GENERIC, false, "/api/v1/jobs/abc", null,
                100, 120, 0, 0, 0, "http://core/hook", null, 0, "{\"a\":1}", 111, null);
        JsonNode body = Json.read(new HookEvent(JobStatus.RUNNING, 110, 115, "50%").payload(stats));
        assertThat(body.get("job_id").asText()).isEqualTo("abc");
        assertThat(body.get("status").asText()).isEqualTo("Running");
        assertThat(body.get("check_in").asText()).isEqualTo("50%");
        JsonNode metadata = body.get("metadata");
        assertThat(metadata.get("status").asText()).isEqualTo("Running");
        assertThat(metadata.get("revision").asLong()).isEqualTo(110);
        assertThat(metadata.get("check_in").asText()).isEqualTo("50%");
        assertThat(metadata.get("check_in_at").asLong()).isEqualTo(115);
        assertThat(metadata.get("parameters").get("a").asInt()).isEqualTo(1);
        assertThat(Json.read(new HookEvent(JobStatus.SUCCESS, 111, 0, null).payload(stats)).has("check_in")).isFalse();
    }

    @Test
    void should_never_log_a_long_body_in_full() {
        assertThat(HookEvent.abbreviate("short")).isEqualTo("short");
        assertThat(HookEvent.abbreviate("x".repeat(5_000_000))).isEqualTo("<DATA BLOCK: 5000000 bytes>");
        assertThat(HookEvent.parse("{\"status\":\"Nope\"}")).isNull();
        assertThat(HookEvent.parse("{\"status\":\"Running\",\"revision\":3,\"check_in_at\":0}"))
                .isEqualTo(new HookEvent(JobStatus.RUNNING, 3, 0, null));
    }
}
