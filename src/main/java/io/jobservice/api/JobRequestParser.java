package io.jobservice.api;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.job.JobRequest;
import io.jobservice.json.Json;

/**
 * Reads a submit body into a {@link JobRequest} with the strictness of Harbor's Go decoder: a value of the wrong
 * JSON type is a JSON error (400/10001 here, decisions D2), null counts as absent, unknown keys are ignored.
 */
final class JobRequestParser {

    /** The parsed request and its parameters as JSON, kept to be stored exactly as sent. */
    record Parsed(JobRequest request, JsonNode parameters) {
    }

    private JobRequestParser() {
    }

    static Parsed parse(String body) {
        JsonNode root = readBody(body);
        requireFiniteNumbers(root, "request body");
        if (root.isNull()) {
            return new Parsed(null, null);
        }
        requireObject(root, "request body");
        JsonNode job = root.get("job");
        if (job == null || job.isNull()) {
            return new Parsed(null, null);
        }
        requireObject(job, "job");
        JsonNode parameters = job.get("parameters");
        if (parameters != null && !parameters.isNull()) {
            requireObject(parameters, "job.parameters");
        } else {
            parameters = null;
        }
        JsonNode metadata = job.get("metadata");
        boolean hasMetadata = metadata != null && !metadata.isNull();
        if (hasMetadata) {
            requireObject(metadata, "job.metadata");
        }
        JobRequest request = new JobRequest(
                string(job, "name", "job.name"),
                parameters == null ? null : toMap(parameters),
                hasMetadata,
                hasMetadata ? string(metadata, "kind", "job.metadata.kind") : null,
                hasMetadata ? unsigned(metadata, "schedule_delay", "job.metadata.schedule_delay") : 0,
                hasMetadata ? string(metadata, "cron_spec", "job.metadata.cron_spec") : null,
                hasMetadata && bool(metadata, "unique", "job.metadata.unique"),
                string(job, "status_hook", "job.status_hook"),
                hasMetadata && bool(metadata, "skip_if_running", "job.metadata.skip_if_running"));
        return new Parsed(request, parameters);
    }

    /** The {@code action} of a job action body ({@code {"action":"stop"}}), or "" when absent. */
    static String action(String body) {
        JsonNode root = readBody(body);
        requireObject(root, "request body");
        String action = string(root, "action", "action");
        return action == null ? "" : action;
    }

    private static JsonNode readBody(String body) {
        JsonNode root;
        try {
            root = Json.read(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw jsonError(e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw jsonError("the request body is empty");
        }
        return root;
    }

    /**
     * Refuses a number that does not fit a 64-bit float ({@code 1e309}): Harbor's Go decoder refuses it too, and
     * Redis's Lua, which every job passes through, cannot encode the infinity it would become.
     */
    private static void requireFiniteNumbers(JsonNode node, String path) {
        if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
            throw jsonError("'" + path + "': the number " + node.asText() + " is out of the range of a 64-bit float");
        }
        if (node.isObject()) {
            node.properties().forEach(field -> requireFiniteNumbers(field.getValue(), path.equals("request body")
                    ? field.getKey() : path + "." + field.getKey()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireFiniteNumbers(node.get(i), path + "[" + i + "]");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(JsonNode node) {
        return Json.MAPPER.convertValue(node, Map.class);
    }

    private static void requireObject(JsonNode node, String path) {
        if (!node.isObject()) {
            throw jsonError("'" + path + "' must be a JSON object, got " + typeOf(node));
        }
    }

    private static String string(JsonNode parent, String key, String path) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw jsonError("'" + path + "' must be a string, got " + typeOf(value));
        }
        return value.textValue();
    }

    private static long unsigned(JsonNode parent, String key, String path) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || value.bigIntegerValue().signum() < 0 || !value.canConvertToLong()) {
            throw jsonError("'" + path + "' must be a non-negative integer, got " + value);
        }
        return value.longValue();
    }

    private static boolean bool(JsonNode parent, String key, String path) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw jsonError("'" + path + "' must be true or false, got " + typeOf(value));
        }
        return value.booleanValue();
    }

    private static String typeOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    private static ApiException jsonError(String details) {
        return new ApiException(400, ErrorCode.HANDLE_JSON, details);
    }
}
