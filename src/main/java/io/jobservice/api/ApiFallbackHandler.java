package io.jobservice.api;

import java.util.List;
import java.util.regex.Pattern;

import io.jobservice.json.Json;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The API's edge: what the HTTP layer answers or screens before and after the routes, in Harbor's error shape.
 * What no API route takes is answered in Harbor's order: the secret is checked first (Harbor authenticates before
 * routing, contract 1.1), then a known path with the wrong method is 405 and anything else (a trailing slash too,
 * as Harbor's router has no slash redirect) 404. Requests the HTTP decoder refuses (a long URI: 414, large
 * headers: 431, a malformed request: 400), bad percent-encoding and over-long bodies get the same JSON body as
 * every other error.
 */
public final class ApiFallbackHandler {

    /**
     * Query parameters that would shadow a header or path parameter the routes read: Camel copies query parameters
     * into message headers, so {@code ?Authorization=...} would otherwise authenticate (contract 1.1 reads only the
     * header). They are dropped before the routes see the request.
     */
    static final List<String> SHADOWING_QUERY_PARAMETERS = List.of(ApiRoutes.AUTHORIZATION, "job_id", "job_name",
            "set", "entry_id");

    /** Paths of the API, for telling 405 from 404. */
    private static final List<Pattern> KNOWN_PATHS = List.of(
            Pattern.compile("/api/v1/jobs"),
            Pattern.compile("/api/v1/jobs/[^/]+"),
            Pattern.compile("/api/v1/jobs/[^/]+/log"),
            Pattern.compile("/api/v1/jobs/[^/]+/executions"),
            Pattern.compile("/api/v1/jobs/[^/]+/hook"),
            Pattern.compile("/api/v1/dashboard/overview"),
            Pattern.compile("/api/v1/sets/[^/]+"),
            Pattern.compile("/api/v1/sets/[^/]+/[^/]+"),
            Pattern.compile("/api/v1/periodic_policies"),
            Pattern.compile("/api/v1/workers"),
            Pattern.compile("/api/v1/queues"),
            Pattern.compile("/api/v1/queues/[^/]+"),
            Pattern.compile("/api/v1/stats"),
            Pattern.compile("/api/v1/config"));

    private final SecretAuthenticator authenticator;
    private final long maxBodyBytes;

    /** @param maxBodyBytes bodies declared longer than this get 413 before they are read */
    public ApiFallbackHandler(SecretAuthenticator authenticator, long maxBodyBytes) {
        this.authenticator = authenticator;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Installs the body size check (first in order) and the catch-all route (last in order) on the platform-http
     * router. The HTTP server's own limit stays as the backstop for bodies sent without a length.
     */
    public void install(Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::screen);
        router.route().last().handler(this::unmatched);
        router.errorHandler(400, ctx -> write(ctx, 400, ErrorCode.BAD_REQUEST, "malformed request path or query"));
        router.errorHandler(413, ctx -> write(ctx, 413, ErrorCode.READ_REQUEST_BODY,
                "request body is larger than the limit of " + maxBodyBytes + " bytes"));
        router.errorHandler(500, ctx -> write(ctx, 500, ErrorCode.MISSING_BACKEND_HANDLER,
                ctx.failure() == null ? "internal error" : String.valueOf(ctx.failure().getMessage())));
    }

    /** Answers a request the HTTP decoder refused, before any route: its status, with the API's error body. */
    void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status = cause instanceof TooLongHttpLineException ? 414
                : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        String details = status == 414 ? "request line is too long"
                : status == 431 ? "request headers are too large"
                : "malformed request: " + (cause == null ? "?" : cause.getMessage());
        request.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.write(ApiResponses.errorBody(ErrorCode.BAD_REQUEST, details)))
                .onComplete(done -> request.connection().close());
    }

    private void screen(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path != null && path.startsWith("/api/") && path.endsWith("/")) {
            unmatched(ctx);
            return;
        }
        SHADOWING_QUERY_PARAMETERS.forEach(ctx.queryParams()::remove);
        checkBodySize(ctx);
    }

    private void checkBodySize(RoutingContext ctx) {
        // Harbor reads every body as JSON whatever its Content-Type; a form type would make the HTTP layer parse
        // the JSON text as form fields (curl -d sends one), so it is read as JSON here too
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/"))) {
            ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBodyBytes) {
                    write(ctx, 413, ErrorCode.READ_REQUEST_BODY,
                            "request body of " + length.trim() + " bytes is larger than the limit of " + maxBodyBytes);
                    return;
                }
            } catch (NumberFormatException e) {
                write(ctx, 400, ErrorCode.READ_REQUEST_BODY, "invalid Content-Length");
                return;
            }
        }
        ctx.next();
    }

    private void unmatched(RoutingContext ctx) {
        String path = ctx.request().path();
        if (!path.equals("/api/v1/stats") || ctx.request().query() != null) {
            try {
                authenticator.check(ctx.request().getHeader(ApiRoutes.AUTHORIZATION));
            } catch (ApiException e) {
                write(ctx, 401, e.errorCode(), e.details());
                return;
            }
        }
        boolean known = !path.endsWith("/") && KNOWN_PATHS.stream().anyMatch(p -> p.matcher(path).matches());
        if (known) {
            write(ctx, 405, ErrorCode.MISSING_BACKEND_HANDLER, "method " + ctx.request().method() + " is not allowed on " + path);
        } else {
            write(ctx, 404, ErrorCode.NOT_FOUND, "no route for " + path);
        }
    }

    private static void write(RoutingContext ctx, int status, ErrorCode code, String details) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.write(ApiResponses.errorBody(code, details)));
    }
}
