package io.jobservice.queue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import redis.embedded.core.ExecutableProvider;

/**
 * A {@code redis-server} child process on 127.0.0.1: the one on the PATH when asked and present, otherwise the
 * binary shipped in the embedded-redis jar. Used for {@code redis_url: embedded} and by the tests.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final int port;

    private RedisServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a server and waits until it answers.
     *
     * @param binary   the redis-server executable
     * @param port     TCP port on 127.0.0.1
     * @param dir      working directory of the server (its data files go there)
     * @param settings extra {@code --name value} settings, e.g. {@code "appendonly", "yes"}
     */
    public static RedisServerProcess start(Path binary, int port, Path dir, String... settings) throws IOException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toAbsolutePath().toString(), "--daemonize", "no"));
        for (int i = 0; i + 1 < settings.length; i += 2) {
            command.add("--" + settings[i]);
            command.add(settings[i + 1]);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-server.log").toFile()).start();
        RedisServerProcess server = new RedisServerProcess(process, port);
        server.awaitReady(dir);
        return server;
    }

    /** The redis-server on the PATH if {@code preferPath} and one exists, else the embedded binary. */
    public static Path binary(boolean preferPath) throws IOException {
        if (preferPath) {
            String path = System.getenv("PATH");
            if (path != null) {
                for (String dir : path.split(File.pathSeparator)) {
                    Path candidate = Path.of(dir, "redis-server");
                    if (Files.isExecutable(candidate)) {
                        return candidate;
                    }
                }
            }
        }
        File file = ExecutableProvider.newJarResourceProvider().get();
        if (!file.canExecute() && !file.setExecutable(true)) {
            throw new IOException("cannot make " + file + " executable");
        }
        return file.toPath();
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Whether a Redis answers PING on the port. */
    public static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.read(reply);
            return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitReady(Path dir) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + "; see "
                        + dir.resolve("redis-server.log"));
            }
            if (answers(port)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting redis-server", e);
            }
        }
        process.destroyForcibly();
        throw new IOException("redis-server did not answer on port " + port + " within " + START_TIMEOUT.toSeconds() + " s");
    }

    /** Stops the server gracefully (SIGTERM: Redis flushes its append-only file), forcibly after 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the server at once, as a crash would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
