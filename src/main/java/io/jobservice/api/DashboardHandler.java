package io.jobservice.api;

import java.util.List;

import io.jobservice.json.Json;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Serves the web dashboard at {@code /dashboard/} on the API's router: the page's own files from
 * {@code dashboard/} in the jar and its browser libraries from their WebJars under {@code /dashboard/lib/}. The
 * files need no secret (they hold none); the page sends the secret on its API calls. Every dashboard response, a
 * 404 too, carries a Content-Security-Policy that allows scripts, styles and requests only from this origin, so
 * hostile text that reached the page as HTML still could not run a script.
 */
public final class DashboardHandler {

    static final String PREFIX = "/dashboard";
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
            + "form-action 'self'";
    /** The WebJars the page loads; others on the class path (swagger-ui) are not served. */
    private static final List<String> LIBRARIES = List.of("preact/", "uplot/", "picocss__pico/");
    /** A year: library paths carry their version, so a new version is a new URL. */
    private static final long LIBRARY_MAX_AGE_SECONDS = 365L * 24 * 3600;

    private final boolean enabled;

    /** @param enabled {@code jobservice.dashboard.enabled}; off, every dashboard path is 404 */
    public DashboardHandler(boolean enabled) {
        this.enabled = enabled;
    }

    /** Adds the dashboard's routes; they come before the API's catch-all, which would ask for the secret. */
    public void install(Router router) {
        router.route(PREFIX + "*").handler(DashboardHandler::secure);
        if (enabled) {
            router.route(HttpMethod.GET, PREFIX).handler(DashboardHandler::redirectToSlash);
            router.route(PREFIX + "/lib/*").handler(DashboardHandler::onlyLibraries).handler(libraries());
            router.route(PREFIX + "/*").handler(DashboardHandler::revalidate).handler(pageFiles());
        }
        router.route(PREFIX + "*").handler(DashboardHandler::notFound);
    }

    private static StaticHandler pageFiles() {
        // no max-age: the page's files change with the jar, so the browser revalidates them (ETag, Last-Modified)
        return StaticHandler.create(FileSystemAccess.RELATIVE, "dashboard")
                .setCachingEnabled(true).setMaxAgeSeconds(0).setDirectoryListing(false).setIndexPage("index.html");
    }

    private static StaticHandler libraries() {
        return StaticHandler.create(FileSystemAccess.RELATIVE, "META-INF/resources/webjars")
                .setCachingEnabled(true).setMaxAgeSeconds(LIBRARY_MAX_AGE_SECONDS).setDirectoryListing(false);
    }

    private static void secure(RoutingContext ctx) {
        ctx.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer");
        ctx.next();
    }

    private static void redirectToSlash(RoutingContext ctx) {
        // Vert.x matches /dashboard/ on this route too; only the bare path is sent on, so relative URLs resolve
        if (!ctx.request().path().equals(PREFIX)) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(301).putHeader(HttpHeaders.LOCATION, PREFIX + "/").end();
    }

    private static void onlyLibraries(RoutingContext ctx) {
        String path = ctx.normalizedPath().substring((PREFIX + "/lib/").length());
        if (LIBRARIES.stream().anyMatch(path::startsWith)) {
            ctx.next();
        } else {
            notFound(ctx);
        }
    }

    private static void revalidate(RoutingContext ctx) {
        ctx.addHeadersEndHandler(done -> {
            if (ctx.response().getStatusCode() < 300) {
                ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
            }
        });
        ctx.next();
    }

    private static void notFound(RoutingContext ctx) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Json.write(ApiResponses.errorBody(ErrorCode.NOT_FOUND, "no route for " + ctx.request().path())));
        }
    }
}
