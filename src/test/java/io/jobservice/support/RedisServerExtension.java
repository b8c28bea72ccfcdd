package io.jobservice.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.jobservice.config.RedisUrl;
import io.jobservice.queue.RedisConnector;
import io.jobservice.queue.RedisKeys;
import io.jobservice.queue.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis server for tests: one {@code redis-server} per test JVM on a free loopback port (the one on the
 * PATH when installed, else the embedded binary), and one key namespace per test class, cleared afterwards
 * (Harbor's GiveMeTestNamespace). Never a mock.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static RedisServerProcess shared;

    private String namespace;
    private RedisConnector connector;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    /**
     * Gives the class its namespace. Runs once even when the extension is both registered and driven by a
     * {@link TestAppExtension}, whichever comes first.
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (namespace != null) {
            return;
        }
        server();
        namespace = "test_" + context.getRequiredTestClass().getSimpleName() + "_" + NAMESPACES.incrementAndGet();
        client = RedisClient.create(url());
        connection = client.connect();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (namespace == null) {
            return;
        }
        clearNamespace();
        if (connector != null) {
            connector.close();
            connector = null;
        }
        connection.close();
        client.shutdown();
        namespace = null;
    }

    /** Starts the shared server once per JVM. */
    public static synchronized RedisServerProcess server() {
        if (shared == null) {
            try {
                shared = startServer(freePort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** Starts a server of its own on {@code port} without persistence. */
    public static RedisServerProcess startServer(int port) throws IOException {
        Path dir = Files.createTempDirectory("redis-test-");
        return RedisServerProcess.start(RedisServerProcess.binary(true), port, dir, "save", "", "appendonly", "no");
    }

    /** Starts a server of its own keeping an append-only file in {@code dir}, so a restart keeps the data. */
    public static RedisServerProcess startPersistentServer(int port, Path dir) throws IOException {
        return RedisServerProcess.start(RedisServerProcess.binary(true), port, dir, "save", "", "appendonly", "yes",
                "appendfsync", "always");
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + server().port();
    }

    /** This test class's namespace, without braces. */
    public String namespace() {
        return namespace;
    }

    /** Key prefix {@code {ns}:}. */
    public String prefix() {
        return new RedisKeys(namespace).prefix();
    }

    /** The service's own connection type on this server, for store tests; closed after the class. */
    public synchronized RedisConnector connector() {
        if (connector == null) {
            connector = RedisConnector.connect(RedisUrl.parse("redis_url", url()), url(), Duration.ofSeconds(5),
                    () -> false);
        }
        return connector;
    }

    public RedisCommands<String, String> commands() {
        return connection.sync();
    }

    /** Deletes every key of this class's namespace. */
    public void clearNamespace() {
        RedisCommands<String, String> redis = commands();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix() + "*").limit(500));
            List<String> keys = page.getKeys();
            if (!keys.isEmpty()) {
                redis.del(keys.toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }
}
