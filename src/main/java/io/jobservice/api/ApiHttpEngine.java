package io.jobservice.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.jobservice.json.Json;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * camel-platform-http's Vert.x engine with one change: the API's routes run on the Vert.x event loop that read the
 * request, through Camel's asynchronous routing engine, instead of being handed to a worker thread and waited for.
 * A route that does not block (the submit: its one Redis call is asynchronous) then costs no thread hop; a route
 * that blocks starts with Camel's {@code threads()} and continues on the API's worker pool ({@link ApiRoutes}). The
 * response is written from the exchange as the routes leave it ({@link ApiResponses}: status, Content-Type, the
 * headers they set, a String or byte[] body).
 */
public final class ApiHttpEngine extends VertxPlatformHttpEngine {

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new EventLoopConsumer(endpoint, processor, getHandlers(),
                VertxPlatformHttpRouter.getRouterNameFromPort(getServerPort()));
    }

    /** The platform-http consumer, routing each request asynchronously from the event loop. */
    static final class EventLoopConsumer extends VertxPlatformHttpConsumer {

        private static final Logger LOG = LoggerFactory.getLogger(EventLoopConsumer.class);

        EventLoopConsumer(PlatformHttpEndpoint endpoint, Processor processor,
                          List<Handler<RoutingContext>> handlers, String routerName) {
            super(endpoint, processor, handlers, routerName);
        }

        @Override
        protected void handleRequest(RoutingContext ctx) {
            if (isSuspended()) {
                ctx.response().setStatusCode(503).end();
                return;
            }
            Exchange exchange = createExchange(false);
            exchange.setPattern(ExchangePattern.InOut);
            Context eventLoop = Vertx.currentContext();
            processHttpRequest(exchange, ctx).onComplete(populated -> {
                if (populated.failed()) {
                    exchange.setException(populated.cause());
                    done(ctx, exchange);
                    return;
                }
                // bytes, not Vert.x's buffer: stream caching would copy a buffer into a stream, which the routes
                // then read back through a Reader (24 KB of buffers per request)
                if (exchange.getMessage().getBody() instanceof Buffer buffer) {
                    exchange.getMessage().setBody(buffer.getBytes());
                }
                try {
                    createUoW(exchange);
                } catch (Exception e) {
                    exchange.setException(e);
                    done(ctx, exchange);
                    return;
                }
                getAsyncProcessor().process(exchange, doneSync -> {
                    if (doneSync || Vertx.currentContext() == eventLoop) {
                        done(ctx, exchange);
                    } else {
                        // finished on Redis' or a worker's thread: the response is the connection's event loop's
                        eventLoop.runOnContext(nothing -> done(ctx, exchange));
                    }
                });
            });
        }

        private void done(RoutingContext ctx, Exchange exchange) {
            try {
                write(ctx.response(), exchange);
            } catch (RuntimeException e) {
                LOG.warn("Cannot write the response of {}: {}", exchange.getFromRouteId(), e.toString());
                if (!ctx.response().ended()) {
                    ctx.response().setStatusCode(500).end();
                }
            } finally {
                doneUoW(exchange);
                releaseExchange(exchange, false);
            }
        }

        /** The status, Content-Type, headers and body the routes set; an unhandled failure becomes a 500. */
        private static void write(HttpServerResponse response, Exchange exchange) {
            if (response.ended()) {
                return;
            }
            if (exchange.getException() != null) {
                response.setStatusCode(500).putHeader("Content-Type", "application/json").end(Json.write(
                        ApiResponses.errorBody(ErrorCode.MISSING_BACKEND_HANDLER, exchange.getException().getMessage())));
                return;
            }
            Message message = exchange.getMessage();
            Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            response.setStatusCode(status == null ? 200 : status);
            for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
                String name = header.getKey();
                if (header.getValue() != null && !name.toLowerCase(Locale.ROOT).startsWith("camel")) {
                    response.putHeader(name, header.getValue().toString());
                }
            }
            Object body = message.getBody();
            if (body == null) {
                response.end();
            } else if (body instanceof byte[] bytes) {
                response.end(Buffer.buffer(bytes));
            } else {
                response.end(body.toString());
            }
        }
    }
}
