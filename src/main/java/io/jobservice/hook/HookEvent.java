package io.jobservice.hook;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.jobservice.json.Json;
import io.jobservice.json.StatsJson;

/**
 * One status change to report to a job's hook URL, as queued by the status scripts.
 *
 * @param status    the status the change reports
 * @param revision  the run it belongs to
 * @param checkInAt the check-in time, 0 when not a check-in
 * @param checkIn   the check-in text, or null
 */
public record HookEvent(JobStatus status, long revision, long checkInAt, String checkIn) {

    /** Reads an event queued by lib/status.lua; null when it is malformed. */
    public static HookEvent parse(String json) {
        try {
            JsonNode node = Json.read(json);
            JobStatus status = JobStatus.fromWire(node.path("status").asText());
            if (status == null) {
                return null;
            }
            String checkIn = node.hasNonNull("check_in") ? node.get("check_in").asText() : null;
            return new HookEvent(status, node.path("revision").asLong(), node.path("check_in_at").asLong(), checkIn);
        } catch (Exception e) {
            return null;
        }
    }

    /** A check-in event carries the job's check-in text; a status change carries only the last check-in time. */
    public boolean isCheckIn() {
        return checkIn != null;
    }

    /**
     * Whether the stored ACK makes this event outdated, so it is not sent. The rule is lib/status.lua's
     * {@code outdated_by_ack}, which Redis applies when it stores an ACK; this copy only saves a POST Redis would
     * refuse to acknowledge, and HookEventTest checks it against the Lua case by case.
     */
    public boolean outdatedBy(String ackJson) {
        if (ackJson == null) {
            return false;
        }
        try {
            JsonNode ack = Json.read(ackJson);
            long ackRevision = ack.path("revision").asLong();
            JobStatus ackStatus = JobStatus.fromWire(ack.path("status").asText());
            if (ackStatus == null) {
                return false;
            }
            if (ackRevision != revision) {
                return ackRevision > revision;
            }
            if (ackStatus != status) {
                return ackStatus.rank() > status.rank();
            }
            long ackCheckInAt = ack.path("check_in_at").asLong();
            return isCheckIn() ? ackCheckInAt > checkInAt : ackCheckInAt >= checkInAt;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Harbor's {@code StatusChange} body (contract 2.5): the job's stats as metadata, with this event's status,
     * revision and check-in, since the stats may have moved on since the change.
     */
    public String payload(JobStats stats) {
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = new LinkedHashMap<>((Map<String, Object>) StatsJson.of(stats, true).get("job"));
        metadata.put("status", status.wireName());
        metadata.put("revision", revision);
        if (checkIn != null) {
            metadata.put("check_in", checkIn);
        }
        if (checkInAt > 0) {
            metadata.put("check_in_at", checkInAt);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job_id", stats.id());
        body.put("status", status.wireName());
        if (checkIn != null) {
            body.put("check_in", checkIn);
        }
        body.put("metadata", metadata);
        return Json.write(body);
    }

    /** A body for the log: whole when short, else only its size (check-ins can be megabytes, contract 4.1). */
    public static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        return bytes > 256 ? "<DATA BLOCK: " + bytes + " bytes>" : body;
    }
}
