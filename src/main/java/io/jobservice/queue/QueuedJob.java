package io.jobservice.queue;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobservice.json.Json;

/**
 * A job as it waits in a queue list or zset, in gocraft/work's JSON (contract 10.2): keys {@code name, id, t,
 * args, unique, fails, err, failed_at} in that order, the optional ones left out when empty.
 *
 * @param name     job type name
 * @param id       job id (the policy id for periodic executions)
 * @param t        enqueue time, unix seconds
 * @param args     parameters, or null
 * @param unique   unique flag
 * @param fails    failed attempts so far
 * @param err      last error text, or null
 * @param failedAt time of the last failure, or 0
 */
public record QueuedJob(String name, String id, long t, JsonNode args, boolean unique, long fails, String err,
                        long failedAt) {

    /** The reserved argument that carries a periodic execution's epoch. */
    public static final String PERIODIC_ARG = "_job_kind_periodic_";

    public static QueuedJob parse(String json) throws JsonProcessingException {
        JsonNode node = Json.read(json);
        if (!node.isObject()) {
            throw new IllegalArgumentException("queued job is not a JSON object");
        }
        JsonNode args = node.get("args");
        return new QueuedJob(node.path("name").asText(null), node.path("id").asText(null), node.path("t").asLong(),
                args == null || args.isNull() ? null : args, node.path("unique").asBoolean(false),
                node.path("fails").asLong(0), node.path("err").asText(null), node.path("failed_at").asLong(0));
    }

    public String toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", name);
        node.put("id", id);
        node.put("t", t);
        node.set("args", args);
        if (unique) {
            node.put("unique", true);
        }
        if (fails != 0) {
            node.put("fails", fails);
        }
        if (err != null && !err.isEmpty()) {
            node.put("err", err);
        }
        if (failedAt != 0) {
            node.put("failed_at", failedAt);
        }
        return Json.write(node);
    }

    /** The id its stats are kept under: {@code <id>@<epoch>} for periodic executions (contract 3.5). */
    public String trackingId() {
        JsonNode epoch = args == null ? null : args.get(PERIODIC_ARG);
        return epoch == null || epoch.isNull() ? id : id + "@" + epoch.asText();
    }

    /** The policy id when this is a periodic execution, else null. */
    public String periodicPolicyId() {
        JsonNode epoch = args == null ? null : args.get(PERIODIC_ARG);
        return epoch == null || epoch.isNull() ? null : id;
    }

    /** The parameters as a map (empty when none). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> parameters() {
        if (args == null || !args.isObject()) {
            return Map.of();
        }
        return Json.MAPPER.convertValue(args, Map.class);
    }

    /**
     * The arguments as gocraft's unique key holds them: Go's encoding/json output of the decoded arguments (keys
     * sorted, numbers as float64, HTML characters escaped), or null when the job has no arguments.
     */
    public String canonicalArgs() {
        return args == null ? null : GoJson.write(args);
    }
}
