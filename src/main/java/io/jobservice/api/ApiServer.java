package io.jobservice.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's HTTP server: Vert.x, serving the platform-http routes of the REST table, with the limits a server that
 * faces a network needs and Camel's own server does not set. A new connection must finish its first request's
 * headers within {@code headerReadTimeout} (a client sending a byte a second is closed, as Go's
 * {@code ReadHeaderTimeout} does in Harbor), and a kept-alive one its next request's within {@code keepAliveIdle} of
 * its previous response: longer than clients keep idle connections in their pools (Go's 90 s), so a client does not
 * send a request on a connection the server is closing, which a client may not retry for a POST (the JDK's does
 * not); at most {@code maxConnections} are open at once; and what the
 * HTTP layer refuses before any route (a long URI, large headers, a malformed request) is answered in the API's
 * error shape.
 *
 * <p>Camel's platform-http consumers find the router in the registry under Camel's router name for the port, as
 * they would find the one of Camel's own server ({@code camel.server.enabled}, which is off).
 */
public final class ApiServer extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    /**
     * @param host              address to bind
     * @param port              port to bind
     * @param maxBodyBytes      largest request body; larger ones get 413
     * @param headerReadTimeout longest time a new connection may take to send its first request's headers
     * @param keepAliveIdle     longest time a kept-alive connection may take to send its next request's headers
     * @param maxConnections    most connections open at once; more are closed as they come
     * @param eventLoops        event loops serving connections (a server instance each)
     */
    public record Settings(String host, int port, long maxBodyBytes, Duration headerReadTimeout,
                           Duration keepAliveIdle, int maxConnections, int eventLoops) {
    }

    private final Settings settings;
    private final ApiFallbackHandler edge;
    private final Consumer<HttpServerOptions> tls;
    private final Vertx vertx;
    private final Router router;
    private final AtomicInteger connections = new AtomicInteger();
    /** The header timer of each open connection, while it waits for a request's headers. */
    private final Map<HttpConnection, Long> headerTimers = new ConcurrentHashMap<>();
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

    /**
     * Builds the router and makes it the platform-http router of {@code settings.port()} in the registry.
     *
     * @param vertx the service's Vert.x, closed when this server stops
     * @param tls   sets HTTPS up on the server's options, when configured
     */
    public ApiServer(CamelContext context, Vertx vertx, Settings settings, ApiFallbackHandler edge,
                     Consumer<HttpServerOptions> tls) {
        this.settings = settings;
        this.edge = edge;
        this.tls = tls;
        this.vertx = vertx;
        this.router = Router.router(vertx);
        edge.install(router);
        String name = VertxPlatformHttpRouter.getRouterNameFromPort(settings.port());
        BodyHandler body = BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes());
        context.getRegistry().bind(name, new VertxPlatformHttpRouter(null, vertx, router, name,
                VertxPlatformHttpRouter.SERVER_TYPE_SERVER) {
            @Override
            public Handler<RoutingContext> bodyHandler() {
                return ctx -> {
                    ctx.request().resume();
                    body.handle(ctx);
                };
            }
        });
        // the engine that routes the API's requests from the event loop
        context.getRegistry().bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, new ApiHttpEngine());
        // how platform-http learns the port of its routes
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost(settings.host());
        configuration.setBindPort(settings.port());
        context.getRegistry().bind("jobservice-http-configuration", configuration);
    }

    /** Adds routes of the service's own to the router, e.g. the dashboard's files, before the server starts. */
    public ApiServer mount(Consumer<Router> routes) {
        routes.accept(router);
        return this;
    }

    /** The port the server listens on. */
    public int port() {
        return servers.isEmpty() ? settings.port() : servers.get(0).actualPort();
    }

    @Override
    protected void doStart() throws Exception {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(settings.host())
                .setPort(settings.port())
                .setTcpNoDelay(true)
                // HTTP/1.1 only: looking for an h2c preface first would set a connection up only once it has sent
                // bytes, so a client that sends nothing would never meet the header time-out
                .setHttp2ClearTextEnabled(false);
        tls.accept(options);
        // one server per event loop on the same port (Vert.x hands each new connection to the next), so requests
        // are served on every core rather than on one thread
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                HttpServer server = vertx.createHttpServer(options)
                        .invalidRequestHandler(edge::invalidRequest)
                        .connectionHandler(ApiServer.this::opened)
                        .requestHandler(ApiServer.this::request);
                servers.add(server);
                server.listen().<Void>mapEmpty().onComplete(started);
            }
        }, new DeploymentOptions().setInstances(settings.eventLoops()))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.info("API listening on {}://{}:{} ({} event loops){}", options.isSsl() ? "https" : "http", settings.host(),
                port(), settings.eventLoops(), options.getClientAuth() == ClientAuth.REQUIRED
                        ? " (client certificates required)" : "");
    }

    @Override
    protected void doStop() throws Exception {
        for (HttpServer server : servers) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        servers.clear();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void opened(HttpConnection connection) {
        if (connections.incrementAndGet() > settings.maxConnections()) {
            connections.decrementAndGet();
            LOG.debug("Refused a connection from {}: {} are open", connection.remoteAddress(), settings.maxConnections());
            connection.close();
            return;
        }
        connection.closeHandler(closed -> {
            connections.decrementAndGet();
            cancelHeaderTimer(connection);
        });
        armHeaderTimer(connection, settings.headerReadTimeout());
    }

    private void request(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        cancelHeaderTimer(connection);
        request.response().endHandler(ended -> armHeaderTimer(connection, settings.keepAliveIdle()));
        router.handle(request);
    }

    private void armHeaderTimer(HttpConnection connection, Duration limit) {
        long timer = vertx.setTimer(limit.toMillis(), fired -> {
            if (headerTimers.remove(connection) != null) {
                LOG.debug("Closed a connection from {}: no request headers within {} s", connection.remoteAddress(),
                        limit.toSeconds());
                connection.close();
            }
        });
        Long previous = headerTimers.put(connection, timer);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
    }

    private void cancelHeaderTimer(HttpConnection connection) {
        Long timer = headerTimers.remove(connection);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }
}
