import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.jobservice.queue.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Submit and drain benchmark (performance.md items 1, 2 and 7). For each job logger asked for (none, STD_OUTPUT,
 * FILE as Harbor ships them) starts a redis-server and the service jar as a process of its own, warms both paths up
 * (20 s of submits, then their drain: the JIT doubles the submit rate over that time here), then:
 *  1. submit: POSTs NOOP jobs over HTTP from C connections while the NOOP queue is paused (jobs/s, p50/p99
 *     latency, non-202 count): with wrk for 10 s when it is installed (a native client leaves the CPU to the
 *     service), else N jobs from a Java client in this process;
 *  2. drain: un-pauses the queue and times until every queued job is Success, with Harbor's full status
 *     tracking (jobs/s at the configured workers);
 *  3. memory: the service's RSS after start, right after the drain and 12 s later.
 * Run with bench/run (see README); arguments: N, C, workers, job loggers. With {@code DASHBOARD_POLL=1} in the
 * environment the drain runs while this process polls what an open dashboard page polls (the overview and the busy
 * workers every 2 s, the first page of the job list every 5 s), so the drain with a page open can be set beside the
 * drain without one (issue 16).
 */
public class SubmitDrainBench {

    static final String SECRET = ServiceProcess.SECRET;
    static final String NS = "bench";
    static final boolean DASHBOARD_POLL = "1".equals(System.getenv("DASHBOARD_POLL"));

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        String loggers = args.length > 3 ? args[3] : "none,STD_OUTPUT,FILE";
        for (String logger : loggers.split(",")) {
            round(jobs, connections, workers, logger.trim());
        }
    }

    /** The job_loggers block of config.yml for a round: none, STD_OUTPUT or FILE at INFO, as Harbor ships them. */
    static String jobLoggers(String logger, Path work) {
        return switch (logger) {
            case "none" -> "job_loggers: []\n";
            case "STD_OUTPUT" -> """
                    job_loggers:
                      - name: STD_OUTPUT
                        level: INFO
                    """;
            case "FILE" -> """
                    job_loggers:
                      - name: FILE
                        level: INFO
                        settings:
                          base_dir: %s
                    """.formatted(work.resolve("job_logs"));
            default -> throw new IllegalArgumentException("job logger " + logger + ": use none, STD_OUTPUT or FILE");
        };
    }

    static void round(int jobs, int connections, int workers, String logger) throws Exception {
        Path work = Files.createTempDirectory("jobservice-bench-");
        int redisPort = ServiceProcess.freePort();
        int httpPort = ServiceProcess.freePort();
        try (RedisServerProcess redis = RedisServerProcess.start(RedisServerProcess.binary(true), redisPort,
                work.resolve("redis"), "save", "", "appendonly", "no");
             ServiceProcess service = ServiceProcess.start(work, httpPort, """
                     protocol: http
                     port: %d
                     worker_pool:
                       workers: %d
                       backend: redis
                       redis_pool:
                         redis_url: redis://127.0.0.1:%d
                         namespace: %s
                     loggers:
                       - name: STD_OUTPUT
                         level: INFO
                     """.formatted(httpPort, workers, redisPort, NS) + jobLoggers(logger, work))) {
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> redisCommands = connection.sync();
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                long rssStart = service.rssMib();
                System.out.printf("%njob loggers: %s; jobs=%d connections=%d workers=%d dashboard_poll=%s redis=%s"
                        + " jvm=%s%n", logger, jobs, connections, workers, DASHBOARD_POLL ? "on" : "off",
                        RedisServerProcess.binary(true), ServiceProcess.jvmOptsLabel());
                boolean wrk = wrkInstalled();
                warmUp(http, httpPort, redisCommands, connections, work, wrk);
                redisCommands.set("{" + NS + "}:jobs:NOOP:paused", "1");
                long before = countSuccess(redisCommands);
                if (wrk) {
                    submitWithWrk(httpPort, connections, work);
                } else {
                    submit(http, httpPort, jobs, connections);
                }
                long queued = redisCommands.llen("{" + NS + "}:jobs:NOOP");
                ScheduledExecutorService dashboard = DASHBOARD_POLL ? pollLikeADashboard(http, httpPort) : null;
                long drainStart = System.nanoTime();
                redisCommands.del("{" + NS + "}:jobs:NOOP:paused");
                awaitDrained(redisCommands);
                double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
                long polls = dashboard == null ? 0 : stopPolling(dashboard);
                long success = countSuccess(redisCommands) - before;
                System.out.printf("drain:  %d jobs in %.2f s = %.0f jobs/s (workers=%d, dashboard_poll=%s, %d polls"
                        + " answered 200), %d of %d Success%n", queued, drainSeconds, queued / drainSeconds, workers,
                        DASHBOARD_POLL ? "on" : "off", polls, success, queued);
                long rssDrained = service.rssMib();
                // the JVM gives freed native memory back every 10 s (config/jvm.options)
                Thread.sleep(12_000);
                System.out.printf("memory: service RSS %d MiB after start, %d MiB right after the drain, %d MiB 12 s"
                        + " later%n", rssStart, rssDrained, service.rssMib());
            } finally {
                client.shutdown();
            }
        }
    }

    /**
     * Submits and drains unmeasured until the JIT has compiled both paths: 20 s of wrk (the submit rate doubles
     * over its first 20 s here), else 20,000 jobs from the Java client.
     */
    static void warmUp(HttpClient http, int port, RedisCommands<String, String> redis, int connections, Path work,
                       boolean wrk) throws Exception {
        redis.set("{" + NS + "}:jobs:NOOP:paused", "1");
        if (wrk) {
            run("wrk", "-t2", "-c" + connections, "-d20s", "-s", wrkScript(work).toString(), jobsUrl(port));
        } else {
            submit(http, port, 20_000, connections, false);
        }
        redis.del("{" + NS + "}:jobs:NOOP:paused");
        awaitDrained(redis);
    }

    private static final AtomicLong DASHBOARD_POLLS = new AtomicLong();

    /** What an open dashboard page asks for while it shows the overview: see the class comment. */
    static ScheduledExecutorService pollLikeADashboard(HttpClient http, int port) {
        DASHBOARD_POLLS.set(0);
        ScheduledExecutorService poller = Executors.newScheduledThreadPool(2);
        poller.scheduleAtFixedRate(() -> poll(http, port, "/api/v1/dashboard/overview"), 0, 2, TimeUnit.SECONDS);
        poller.scheduleAtFixedRate(() -> poll(http, port, "/api/v1/workers"), 0, 2, TimeUnit.SECONDS);
        poller.scheduleAtFixedRate(() -> poll(http, port, "/api/v1/jobs?page_number=1&page_size=20"), 0, 5,
                TimeUnit.SECONDS);
        return poller;
    }

    static void poll(HttpClient http, int port, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Harbor-Secret " + SECRET).GET().build();
        try {
            if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                DASHBOARD_POLLS.incrementAndGet();
            }
        } catch (IOException e) {
            // a failed poll is not counted; the next one comes at its time
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the polls and returns how many were answered 200. */
    static long stopPolling(ScheduledExecutorService poller) throws InterruptedException {
        poller.shutdownNow();
        poller.awaitTermination(5, TimeUnit.SECONDS);
        return DASHBOARD_POLLS.get();
    }

    static boolean wrkInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "wrk"))) {
                return true;
            }
        }
        return false;
    }

    /** The wrk script POSTing a NOOP job. */
    static Path wrkScript(Path work) throws IOException {
        Path script = work.resolve("post.lua");
        Files.writeString(script, """
                wrk.method = "POST"
                wrk.body = '{"job":{"name":"NOOP","parameters":{"n":1},"metadata":{"kind":"Generic"}}}'
                wrk.headers["Content-Type"] = "application/json"
                wrk.headers["Authorization"] = "Harbor-Secret %s"
                """.formatted(SECRET));
        return script;
    }

    static String jobsUrl(int port) {
        return "http://127.0.0.1:" + port + "/api/v1/jobs";
    }

    /** 10 s of POSTs from wrk (2 threads, C connections). */
    static void submitWithWrk(int port, int connections, Path work) throws Exception {
        String out = run("wrk", "-t2", "-c" + connections, "-d10s", "--latency", "-s", wrkScript(work).toString(),
                jobsUrl(port));
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
}
