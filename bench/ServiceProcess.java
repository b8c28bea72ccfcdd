import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The service jar run by a benchmark as a process of its own (so the benchmark's clients and receivers are not
 * measured with it), with the image's JVM settings ({@code @config/jvm.options}) unless {@code BENCH_JVM_OPTS} says
 * otherwise. Its output goes to {@code service.log} in the work folder.
 */
final class ServiceProcess implements AutoCloseable {

    static final String SECRET = "bench-secret";

    private final Process process;
    private final int port;

    private ServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Writes {@code config} to {@code work/config.yml}, starts the jar and waits until its API answers. */
    static ServiceProcess start(Path work, int port, String config) throws Exception {
        Path configFile = Files.writeString(work.resolve("config.yml"), config);
        String jar = System.getProperty("jobservice.jar", "target/jobservice.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String jvmOpts = jvmOpts();
        if (!jvmOpts.isBlank()) {
            command.addAll(Arrays.asList(jvmOpts.trim().split(" +")));
        }
        command.addAll(List.of("-jar", jar, "-c", configFile.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("service.log").toFile());
        builder.environment().put("CORE_SECRET", SECRET);
        builder.environment().put("JOBSERVICE_HTTP_HOST", "127.0.0.1");
        ServiceProcess service = new ServiceProcess(builder.start(), port);
        service.awaitUp();
        return service;
    }

    /** The JVM options the service runs with: the image's, unless BENCH_JVM_OPTS sets others. */
    static String jvmOpts() {
        return System.getenv().getOrDefault("BENCH_JVM_OPTS", "@config/jvm.options");
    }

    /** What the figures' heading says of the JVM options. */
    static String jvmOptsLabel() {
        return System.getenv().containsKey("BENCH_JVM_OPTS") ? jvmOpts() : "@config/jvm.options (the image's)";
    }

    private void awaitUp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/stats"))).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the service did not start; see its service.log");
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    long pid() {
        return process.pid();
    }

    /** The process's resident set in MiB, read from /proc (-1 off Linux). */
    long rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException e) {
            // not on Linux
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
