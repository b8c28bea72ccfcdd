package io.jobservice.api;

import java.util.LinkedHashMap;
import java.util.Map;

import io.jobservice.json.Json;
import io.jobservice.queue.RedisConnector;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes API responses: JSON bodies, Harbor's error body, and never a request header (stack.md gotcha 8). */
final class ApiResponses {

    /** Exchange variable holding the {@link ErrorCode} a route reports for unexpected failures. */
    static final String FAILURE_CODE = "api.failureCode";

    private static final Logger LOG = LoggerFactory.getLogger(ApiResponses.class);

    private ApiResponses() {
    }

    static void json(Exchange exchange, int status, Object body) {
        Message message = clear(exchange, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(Json.write(body));
    }

    static void text(Exchange exchange, byte[] body) {
        Message message = clear(exchange, 200);
        message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
        message.setBody(body);
    }

    static void noContent(Exchange exchange) {
        clear(exchange, 204).setBody(null);
    }

    /** Renders a handled {@link ApiException}, or any other failure as a 500 with the route's error code. */
    static void error(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (cause instanceof ApiException api) {
            json(exchange, api.httpStatus(), errorBody(api.errorCode(), api.details()));
            return;
        }
        ErrorCode code = exchange.getVariable(FAILURE_CODE, ErrorCode.class);
        if (code == null) {
            code = ErrorCode.MISSING_BACKEND_HANDLER;
        }
        String details = cause == null ? "" : RedisConnector.rootMessage(cause);
        LOG.warn("{} failed: {}", exchange.getFromRouteId(), details);
        json(exchange, 500, errorBody(code, details));
    }

    static Map<String, Object> errorBody(ErrorCode code, String details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code.code());
        body.put("message", code.message());
        if (details != null && !details.isEmpty()) {
            body.put("details", details);
        }
        return body;
    }

    private static Message clear(Exchange exchange, int status) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        return message;
    }
}
