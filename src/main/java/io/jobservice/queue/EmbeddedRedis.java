package io.jobservice.queue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis behind {@code redis_url: embedded}: a redis-server child process on 127.0.0.1 whose append-only file
 * lives in a data folder, so queued jobs survive a restart. A server left running by a killed JVM (a child is not
 * killed with its parent) is found through the pid file and stopped before a new one starts on the same folder.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final String PID_FILE = "redis.pid";

    private final RedisServerProcess server;
    private final Path pidFile;

    private EmbeddedRedis(RedisServerProcess server, Path pidFile) {
        this.server = server;
        this.pidFile = pidFile;
    }

    /** Starts the server on {@code port} with its data under {@code dataDir}. */
    public static EmbeddedRedis start(Path dataDir, int port) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        Path pidFile = dir.resolve(PID_FILE);
        stopOrphan(pidFile);
        if (RedisServerProcess.answers(port)) {
            throw new IOException("port " + port + " is already used by another Redis; set jobservice.embedded-redis.port"
                    + " (env JOBSERVICE_EMBEDDED_REDIS_PORT) to a free port");
        }
        RedisServerProcess server = RedisServerProcess.start(RedisServerProcess.binary(false), port, dir,
                "appendonly", "yes", "appendfsync", "everysec", "save", "");
        Files.writeString(pidFile, Long.toString(server.pid()), StandardCharsets.US_ASCII);
        LOG.info("Embedded Redis started on 127.0.0.1:{} with its data in {}", port, dir);
        return new EmbeddedRedis(server, pidFile);
    }

    public String url() {
        return "redis://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.close();
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", pidFile, e.getMessage());
        }
    }

    private static void stopOrphan(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            Files.delete(pidFile);
            return;
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false));
        if (orphan.isPresent()) {
            LOG.warn("Stopping embedded Redis (pid {}) left running by an earlier process", pid);
            orphan.get().destroy();
            try {
                orphan.get().onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                orphan.get().destroyForcibly();
            }
        }
        Files.delete(pidFile);
    }
}
