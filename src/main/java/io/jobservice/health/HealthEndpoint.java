package io.jobservice.health;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * The liveness and readiness answers of {@code GET /api/v1/health/live} and {@code /ready}, from every Camel health
 * check of that kind: the service's, Camel's context check, and Camel's per-route and per-consumer checks. UP only
 * when none is DOWN. The body lists the service's checks and Camel's context check with their details; Camel's
 * route and consumer checks (one per route) are listed only when they are not UP.
 */
public final class HealthEndpoint {

    /** A probe's answer: HTTP status (200 or 503) and body. */
    public record Answer(int status, Map<String, Object> body) {
    }

    private static final String CAMEL = "camel";
    private final CamelContext context;

    public HealthEndpoint(CamelContext context) {
        this.context = context;
    }

    public Answer liveness() {
        return answer(HealthCheckHelper.invokeLiveness(context));
    }

    public Answer readiness() {
        return answer(HealthCheckHelper.invokeReadiness(context));
    }

    private static Answer answer(Collection<HealthCheck.Result> results) {
        boolean up = results.stream().noneMatch(result -> result.getState() == HealthCheck.State.DOWN);
        List<Map<String, Object>> checks = new ArrayList<>();
        for (HealthCheck.Result result : results) {
            if (result.getState() == HealthCheck.State.UP && CAMEL.equals(result.getCheck().getGroup())
                    && !"context".equals(result.getCheck().getId())) {
                continue;
            }
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("name", result.getCheck().getId());
            check.put("status", result.getState().name());
            result.getMessage().ifPresent(message -> check.put("message", message));
            Map<String, Object> details = new LinkedHashMap<>();
            result.getDetails().forEach((key, value) -> {
                // Camel adds bookkeeping (check id and kind, invocation counts and times) that says nothing new
                if (!key.startsWith("check.") && !key.startsWith("invocation.") && !key.startsWith("failure.")
                        && !key.startsWith("success.")) {
                    details.put(key, String.valueOf(value));
                }
            });
            if (!details.isEmpty()) {
                check.put("details", details);
            }
            checks.add(check);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", checks);
        return new Answer(up ? 200 : 503, body);
    }
}
