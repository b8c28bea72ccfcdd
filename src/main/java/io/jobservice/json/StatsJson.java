package io.jobservice.json;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jobservice.job.JobStats;

/** Job stats as Harbor's JSON (contract 2.3): Go's key order, optional keys left out when empty. */
public final class StatsJson {

    private StatsJson() {
    }

    /** {@code {"job": {...}}}; {@code withRevision} is false for the 202 body, which has none in Harbor. */
    public static Map<String, Object> of(JobStats stats, boolean withRevision) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("id", stats.id());
        job.put("status", stats.status() == null ? "" : stats.status().wireName());
        job.put("name", stats.name());
        job.put("kind", stats.kind() == null ? "" : stats.kind().wireName());
        job.put("unique", stats.unique());
        putIfSet(job, "ref_link", stats.refLink());
        putIfSet(job, "cron_spec", stats.cronSpec());
        job.put("enqueue_time", stats.enqueueTime());
        job.put("update_time", stats.updateTime());
        putIfSet(job, "run_at", stats.runAt());
        putIfSet(job, "check_in_at", stats.checkInAt());
        putIfSet(job, "die_at", stats.dieAt());
        putIfSet(job, "web_hook_url", stats.webHookUrl());
        putIfSet(job, "upstream_job_id", stats.upstreamJobId());
        putIfSet(job, "numeric_policy_id", stats.numericPolicyId());
        if (stats.parameters() != null) {
            job.put("parameters", rawJson(stats.parameters()));
        }
        if (withRevision) {
            putIfSet(job, "revision", stats.revision());
        }
        if (stats.ack() != null) {
            job.put("ack", rawJson(stats.ack()));
        }
        return Map.of("job", job);
    }

    private static Object rawJson(String text) {
        try {
            return Json.read(text);
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    private static void putIfSet(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }

    private static void putIfSet(Map<String, Object> map, String key, long value) {
        if (value != 0) {
            map.put(key, value);
        }
    }
}
