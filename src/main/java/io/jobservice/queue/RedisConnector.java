package io.jobservice.queue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import io.jobservice.config.RedisUrl;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Redis connection of the process (Lettuce multiplexes every thread's commands over it, which pipelines
 * them). While Redis is unreachable, commands fail at once instead of queueing, so the API can answer 5xx and the
 * workers can back off; Lettuce reconnects by itself.
 */
public final class RedisConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnector.class);
    private static final long MAX_BACKOFF_MS = 30_000;

    private final RedisClient client;
    private final ClientResources resources;
    private final StatefulRedisConnection<String, String> connection;
    private final Duration timeout;
    private final RedisCommands<String, String> commands;

    private RedisConnector(RedisClient client, ClientResources resources,
                           StatefulRedisConnection<String, String> connection, Duration timeout) {
        this.client = client;
        this.resources = resources;
        this.connection = connection;
        this.commands = translatingFailures(connection.sync());
        this.timeout = timeout;
    }

    /**
     * What a connection over TLS ({@code rediss://}) trusts and presents.
     *
     * @param trust the CAs to trust
     * @param keys  the client certificate to present, or null
     */
    public record Tls(TrustManagerFactory trust, KeyManagerFactory keys) {
        /** The JDK's CAs, no client certificate. */
        public static final Tls JDK = new Tls(null, null);
    }

    /** Connects as {@link #connect(RedisUrl, String, Duration, Tls, BooleanSupplier)}, trusting the JDK's CAs. */
    public static RedisConnector connect(RedisUrl url, String redactedUrl, Duration commandTimeout,
                                         BooleanSupplier keepTrying) {
        return connect(url, redactedUrl, commandTimeout, Tls.JDK, keepTrying);
    }

    /**
     * Connects, retrying with exponential back-off (1 s doubling to 30 s) while Redis is unreachable.
     *
     * @param url            where Redis is
     * @param commandTimeout how long one command may take
     * @param tls            what a TLS connection trusts and presents
     * @param keepTrying     checked before each retry; false gives up with the last error
     */
    public static RedisConnector connect(RedisUrl url, String redactedUrl, Duration commandTimeout, Tls tls,
                                         BooleanSupplier keepTrying) {
        ClientResources resources = resources();
        RedisClient client = client(resources, commandTimeout, tls);
        RedisURI uri = toUri(url, commandTimeout);
        long backoff = 1000;
        for (int attempt = 1; ; attempt++) {
            try {
                StatefulRedisConnection<String, String> connection = client.connect(uri);
                connection.sync().ping();
                LOG.info("Connected to Redis at {}", redactedUrl);
                return new RedisConnector(client, resources, connection, commandTimeout);
            } catch (RedisException e) {
                if (!keepTrying.getAsBoolean()) {
                    client.shutdown();
                    resources.shutdown();
                    throw new RedisAccessException(e);
                }
                LOG.warn("Redis at {} is unreachable (attempt {}: {}); retrying in {} s", redactedUrl, attempt,
                        rootMessage(e), backoff / 1000);
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }

    private static ClientResources resources() {
        return DefaultClientResources.builder()
                // reconnect within 2 s of Redis coming back (Lettuce's default waits up to 30 s)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                // Lettuce times every command into histograms once HdrHistogram is on the classpath (Micrometer
                // brings it); nothing reads them, and they cost the drain 8% here (17.2k against 18.7k jobs/s)
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .build();
    }

    private static RedisClient client(ClientResources resources, Duration commandTimeout, Tls tls) {
        RedisClient client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .sslOptions(sslOptions(tls))
                .build());
        return client;
    }

    private static SslOptions sslOptions(Tls tls) {
        SslOptions.Builder builder = SslOptions.builder().jdkSslProvider();
        if (tls.trust() != null) {
            builder.trustManager(tls.trust());
        }
        if (tls.keys() != null) {
            builder.keyManager(tls.keys());
        }
        return builder.build();
    }

    static RedisURI toUri(RedisUrl url, Duration commandTimeout) {
        RedisURI.Builder builder;
        if (url.sentinel()) {
            RedisUrl.HostPort first = url.hosts().get(0);
            builder = RedisURI.Builder.sentinel(first.host(), first.port(), url.masterName());
            for (RedisUrl.HostPort sentinel : url.hosts().subList(1, url.hosts().size())) {
                builder.withSentinel(sentinel.host(), sentinel.port());
            }
        } else {
            RedisUrl.HostPort host = url.hosts().get(0);
            builder = RedisURI.Builder.redis(host.host(), host.port());
        }
        builder.withSsl(url.tls()).withDatabase(url.database()).withTimeout(commandTimeout);
        if (url.password() != null) {
            if (url.username() != null && !url.username().equals("anonymous")) {
                builder.withAuthentication(url.username(), url.password());
            } else {
                // Harbor writes redis://anonymous:<pw>@host for a password without a user
                builder.withPassword(url.password().toCharArray());
            }
        }
        return builder.build();
    }

    /**
     * Synchronous commands; safe to share between threads. A failing command throws {@link RedisAccessException}.
     */
    public RedisCommands<String, String> commands() {
        return commands;
    }

    /** The client's synchronous commands, with its exceptions wrapped in ours. */
    @SuppressWarnings("unchecked")
    private static RedisCommands<String, String> translatingFailures(RedisCommands<String, String> sync) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return method.invoke(sync, args);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RedisException cause ? new RedisAccessException(cause) : e.getCause();
            }
        };
        return (RedisCommands<String, String>) Proxy.newProxyInstance(RedisCommands.class.getClassLoader(),
                new Class<?>[] {RedisCommands.class}, handler);
    }

    /** Asynchronous commands, for pipelining several independent reads. */
    public RedisAsyncCommands<String, String> async() {
        return connection.async();
    }

    /** Waits for a pipelined command's result within the command timeout. */
    public <T> T await(RedisFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new RedisAccessException(e.getCause());
        } catch (TimeoutException e) {
            throw new RedisAccessException("command timed out after " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisAccessException(e);
        }
    }

    /**
     * Round-trip time of a PING, failing within {@code timeout} (at once while disconnected) so a health probe does
     * not hang on a Redis that stopped answering.
     *
     * @return milliseconds the PING took
     */
    public long pingMillis(Duration timeout) {
        long start = System.nanoTime();
        try {
            connection.async().ping().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new RedisAccessException(e.getCause());
        } catch (TimeoutException e) {
            throw new RedisAccessException("PING took longer than " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisAccessException(e);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** The innermost cause's message, for one-line logs. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Redis", e);
        }
    }
}
