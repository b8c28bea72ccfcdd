import java.io.IOException;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.jobservice.queue.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Submit and drain benchmark (performance.md items 1, 2 and 7). Starts a redis-server and the service jar as a
 * separate process, then:
 *  1. submit: POSTs NOOP jobs over HTTP from C connections while the NOOP queue is paused (jobs/s, p50/p99
 *     latency, non-202 count): with wrk for 10 s when it is installed (a native client leaves the CPU to the
 *     service), else N jobs from a Java client in this process;
 *  2. drain: un-pauses the queue and times until every queued job is Success, with Harbor's full status
 *     tracking (jobs/s at the configured workers);
 *  3. memory: the service's RSS after start and after the drain.
 * Run with bench/run (see README); arguments: N, C, workers.
 */
public class SubmitDrainBench {

    static final String SECRET = "bench-secret";
    static final String NS = "bench";

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path work = Files.createTempDirectory("jobservice-bench-");
        int redisPort = freePort();
        int httpPort = freePort();
        try (RedisServerProcess redis = RedisServerProcess.start(RedisServerProcess.binary(true), redisPort,
                work.resolve("redis"), "save", "", "appendonly", "no")) {
            Path config = work.resolve("config.yml");
            Files.writeString(config, """
                    protocol: http
                    port: %d
                    worker_pool:
                      workers: %d
                      backend: redis
                      redis_pool:
                        redis_url: redis://127.0.0.1:%d
                        namespace: %s
                    job_loggers:
                      - name: STD_OUTPUT
                        level: WARNING
                    loggers:
                      - name: STD_OUTPUT
                        level: WARNING
                    """.formatted(httpPort, workers, redisPort, NS));
            Process service = startService(config, work);
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> redisCommands = connection.sync();
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                awaitUp(http, httpPort);
                long rssStart = rssKb(service.pid());
                System.out.printf("jobs=%d connections=%d workers=%d redis=%s%n", jobs, connections, workers,
                        RedisServerProcess.binary(true));
                warmUp(http, httpPort, redisCommands);
                redisCommands.set("{" + NS + "}:jobs:NOOP:paused", "1");
                long before = countSuccess(redisCommands);
                if (wrkInstalled()) {
                    submitWithWrk(httpPort, connections, work);
                } else {
                    submit(http, httpPort, jobs, connections);
                }
                long queued = redisCommands.llen("{" + NS + "}:jobs:NOOP");
                long drainStart = System.nanoTime();
                redisCommands.del("{" + NS + "}:jobs:NOOP:paused");
                awaitDrained(redisCommands);
                double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
                long success = countSuccess(redisCommands) - before;
                System.out.printf("drain:  %d jobs in %.2f s = %.0f jobs/s (workers=%d), %d of %d Success%n",
                        queued, drainSeconds, queued / drainSeconds, workers, success, queued);
                System.out.printf("memory: service RSS %d MiB after start, %d MiB after the drain%n",
                        rssStart / 1024, rssKb(service.pid()) / 1024);
            } finally {
                client.shutdown();
                service.destroy();
                service.waitFor();
            }
        }
    }

    static Process startService(Path config, Path work) throws IOException {
        String jar = System.getProperty("jobservice.jar", "target/jobservice.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String jvmOpts = System.getenv().getOrDefault("BENCH_JVM_OPTS", "-Xmx512m");
        command.addAll(Arrays.asList(jvmOpts.split(" ")));
        command.addAll(List.of("-jar", jar, "-c", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("service.log").toFile());
        builder.environment().put("CORE_SECRET", SECRET);
        builder.environment().put("JOBSERVICE_HTTP_HOST", "127.0.0.1");
        return builder.start();
    }

    static void warmUp(HttpClient http, int port, RedisCommands<String, String> redis) throws Exception {
        submit(http, port, 5_000, 10, false);
        awaitDrained(redis);
    }

    static boolean wrkInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "wrk"))) {
                return true;
            }
        }
        return false;
    }

    /** 10 s of POSTs from wrk (2 threads, C connections) after a 3 s warm-up. */
    static void submitWithWrk(int port, int connections, Path work) throws Exception {
        Path script = work.resolve("post.lua");
        Files.writeString(script, """
                wrk.method = "POST"
                wrk.body = '{"job":{"name":"NOOP","parameters":{"n":1},"metadata":{"kind":"Generic"}}}'
                wrk.headers["Content-Type"] = "application/json"
                wrk.headers["Authorization"] = "Harbor-Secret %s"
                """.formatted(SECRET));
        String url = "http://127.0.0.1:" + port + "/api/v1/jobs";
        run("wrk", "-t2", "-c" + connections, "-d3s", "-s", script.toString(), url);
        String out = run("wrk", "-t2", "-c" + connections, "-d10s", "--latency", "-s", script.toString(), url);
        String rate = find(out, "Requests/sec:\\s+([\\d.]+)");
        String p50 = find(out, "\\n\\s+50%\\s+(\\S+)");
        String p99 = find(out, "\\n\\s+99%\\s+(\\S+)");
        String non2xx = find(out, "Non-2xx or 3xx responses: (\\d+)");
        System.out.printf("submit: wrk 10 s, %d connections: %s jobs/s, p50 %s, p99 %s, non-2xx %s%n", connections,
                rate, p50, p99, non2xx == null ? "0" : non2xx);
    }

    static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return out;
    }

    static String find(String text, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : null;
    }

    static List<String> submit(HttpClient http, int port, int jobs, int connections) throws Exception {
        return submit(http, port, jobs, connections, true);
    }

    static List<String> submit(HttpClient http, int port, int jobs, int connections, boolean report) throws Exception {
        String body = "{\"job\":{\"name\":\"NOOP\",\"parameters\":{\"n\":1},\"metadata\":{\"kind\":\"Generic\"}}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                .header("Authorization", "Harbor-Secret " + SECRET).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        long[] latencies = new long[jobs];
        CountDownLatch done = new CountDownLatch(connections);
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            Thread thread = new Thread(() -> {
                try {
                    int i;
                    while ((i = next.getAndIncrement()) < jobs) {
                        long t0 = System.nanoTime();
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        latencies[i] = System.nanoTime() - t0;
                        if (response.statusCode() == 202) {
                            String text = response.body();
                            int at = text.indexOf("\"id\":\"") + 6;
                            ids.add(text.substring(at, at + 24));
                        } else {
                            failures.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (report) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            System.out.printf("submit: %d jobs in %.2f s = %.0f jobs/s over %d connections, p50 %.2f ms, p99 %.2f ms, non-202 %d%n",
                    jobs, seconds, jobs / seconds, connections, sorted[jobs / 2] / 1e6, sorted[(int) (jobs * 0.99)] / 1e6,
                    failures.get());
        }
        return new ArrayList<>(ids);
    }

    static void awaitDrained(RedisCommands<String, String> redis) throws InterruptedException {
        String queue = "{" + NS + "}:jobs:NOOP";
        String lock = "{" + NS + "}:jobs:NOOP:lock";
        while (redis.llen(queue) > 0 || !"0".equals(redis.get(lock))) {
            Thread.sleep(5);
        }
    }

    /** Jobs whose stats say Success, found with SCAN. */
    static long countSuccess(RedisCommands<String, String> redis) {
        long success = 0;
        io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
        do {
            io.lettuce.core.KeyScanCursor<String> page = redis.scan(cursor,
                    io.lettuce.core.ScanArgs.Builder.matches("{" + NS + "}:job_stats:*").limit(1000));
            for (String key : page.getKeys()) {
                if ("Success".equals(redis.hget(key, "status"))) {
                    success++;
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        return success;
    }

    static void awaitUp(HttpClient http, int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/stats")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("service did not start; see its log");
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            // not on Linux
        }
        return -1;
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
