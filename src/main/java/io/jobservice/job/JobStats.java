package io.jobservice.job;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One job as stored in Redis and returned by the API (contract 2.3). Wire names are in the comments where they
 * differ from the Java names.
 *
 * @param id              24 hex characters, or {@code <policyID>@<epoch>} for a periodic execution
 * @param status          current status
 * @param name            job type name
 * @param kind            Generic, Scheduled or Periodic
 * @param unique          unique flag
 * @param refLink         ref_link
 * @param cronSpec        cron_spec, or null
 * @param enqueueTime     enqueue_time, unix seconds
 * @param updateTime      update_time, unix seconds
 * @param runAt           run_at, unix seconds or 0
 * @param checkInAt       check_in_at, unix seconds or 0
 * @param dieAt           die_at (legacy, nothing sets it)
 * @param webHookUrl      web_hook_url, or null
 * @param upstreamJobId   upstream_job_id, or null
 * @param numericPolicyId numeric_policy_id or 0
 * @param parameters      parameters as raw JSON text, or null
 * @param revision        revision, unix seconds of the first save or the last retry reset
 * @param ack             the last acknowledged hook as raw JSON text, or null
 */
public record JobStats(String id, JobStatus status, String name, JobKind kind, boolean unique, String refLink,
                       String cronSpec, long enqueueTime, long updateTime, long runAt, long checkInAt, long dieAt,
                       String webHookUrl, String upstreamJobId, long numericPolicyId, String parameters,
                       long revision, String ack) {

    /** The ref_link Harbor gives every job. */
    public static String refLinkOf(String id) {
        return "/api/v1/jobs/" + id;
    }

    /** A new job's stats as saved at submit time. */
    public static JobStats newJob(String id, String name, JobKind kind, JobStatus status, boolean unique,
                                  String webHookUrl, String parametersJson, long now) {
        return new JobStats(id, status, name, kind, unique, refLinkOf(id), null, now, now, 0, 0, 0,
                emptyToNull(webHookUrl), null, 0, parametersJson, now, null);
    }

    /** These stats with a cron spec (a periodic policy, or an execution of one). */
    public JobStats withCronSpec(String spec) {
        return new JobStats(id, status, name, kind, unique, refLink, spec, enqueueTime, updateTime, runAt, checkInAt,
                dieAt, webHookUrl, upstreamJobId, numericPolicyId, parameters, revision, ack);
    }

    /** These stats with the time a Scheduled job is due, unix seconds. */
    public JobStats withRunAt(long at) {
        return new JobStats(id, status, name, kind, unique, refLink, cronSpec, enqueueTime, updateTime, at, checkInAt,
                dieAt, webHookUrl, upstreamJobId, numericPolicyId, parameters, revision, ack);
    }

    /** These stats with the id of the periodic policy they are an execution of. */
    public JobStats withUpstreamJobId(String policyId) {
        return new JobStats(id, status, name, kind, unique, refLink, cronSpec, enqueueTime, updateTime, runAt,
                checkInAt, dieAt, webHookUrl, policyId, numericPolicyId, parameters, revision, ack);
    }

    /** These stats with the numeric id Harbor's periodic policies carry. */
    public JobStats withNumericPolicyId(long numericId) {
        return new JobStats(id, status, name, kind, unique, refLink, cronSpec, enqueueTime, updateTime, runAt,
                checkInAt, dieAt, webHookUrl, upstreamJobId, numericId, parameters, revision, ack);
    }

    /** These stats with a check-in time and the last acknowledged hook (raw JSON, or null). */
    public JobStats withCheckIn(long at, String ackJson) {
        return new JobStats(id, status, name, kind, unique, refLink, cronSpec, enqueueTime, updateTime, runAt, at,
                dieAt, webHookUrl, upstreamJobId, numericPolicyId, parameters, revision, ackJson);
    }

    /** Reads the fields of a {@code job_stats} hash; null when the hash is empty (absent or expired). */
    public static JobStats fromHash(Map<String, String> hash) {
        if (hash == null || hash.isEmpty() || hash.get("id") == null) {
            return null;
        }
        return new JobStats(hash.get("id"), JobStatus.fromWire(hash.get("status")), hash.get("name"),
                JobKind.fromWire(hash.get("kind")), "1".equals(hash.get("unique")), hash.get("ref_link"),
                emptyToNull(hash.get("cron_spec")), number(hash, "enqueue_time"), number(hash, "update_time"),
                number(hash, "run_at"), number(hash, "check_in_at"), number(hash, "die_at"),
                emptyToNull(hash.get("web_hook_url")), emptyToNull(hash.get("upstream_job_id")),
                number(hash, "numeric_policy_id"), emptyToNull(hash.get("parameters")), number(hash, "revision"),
                emptyToNull(hash.get("ack")));
    }

    /** The fields written to a {@code job_stats} hash, in Harbor's names; empty optional fields are left out. */
    public Map<String, String> toHash() {
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put("id", id);
        hash.put("name", name);
        hash.put("kind", kind.wireName());
        hash.put("unique", unique ? "1" : "0");
        hash.put("status", status.wireName());
        hash.put("ref_link", refLink);
        hash.put("enqueue_time", Long.toString(enqueueTime));
        hash.put("run_at", Long.toString(runAt));
        hash.put("cron_spec", cronSpec == null ? "" : cronSpec);
        hash.put("web_hook_url", webHookUrl == null ? "" : webHookUrl);
        hash.put("numeric_policy_id", Long.toString(numericPolicyId));
        hash.put("update_time", Long.toString(updateTime));
        hash.put("revision", Long.toString(revision));
        putIfSet(hash, "check_in_at", checkInAt);
        putIfSet(hash, "die_at", dieAt);
        putIfSet(hash, "upstream_job_id", upstreamJobId);
        putIfSet(hash, "parameters", parameters);
        putIfSet(hash, "ack", ack);
        return hash;
    }

    private static void putIfSet(Map<String, String> hash, String key, long value) {
        if (value != 0) {
            hash.put(key, Long.toString(value));
        }
    }

    private static void putIfSet(Map<String, String> hash, String key, String value) {
        if (value != null && !value.isEmpty()) {
            hash.put(key, value);
        }
    }

    private static long number(Map<String, String> hash, String key) {
        String value = hash.get(key);
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
