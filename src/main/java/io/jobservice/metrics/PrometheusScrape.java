package io.jobservice.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * The Prometheus scrape of the metric block's port and path. Camel's own route there declares one content type
 * with its parameters, and Vert.x then answers 406 to {@code Accept: text/plain}, to
 * {@code text/plain;version=0.0.4} and to Telegraf's header; this one, first on the route list, serves the text
 * format 0.0.4 for any Accept that does not ask for OpenMetrics, as Harbor's handler (promhttp) does.
 */
public final class PrometheusScrape {

    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private PrometheusScrape() {
    }

    /** Adds the scrape at {@code path}, ahead of every other route of the router. */
    public static void install(Router router, String path, PrometheusMeterRegistry registry) {
        router.route(HttpMethod.GET, path).order(Integer.MIN_VALUE).blockingHandler(ctx -> {
            String accept = ctx.request().getHeader("Accept");
            String type = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT;
            ctx.response().putHeader("Content-Type", type).end(registry.scrape(type));
        }, false);
    }
}
