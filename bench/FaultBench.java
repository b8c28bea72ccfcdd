import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.jobservice.queue.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Redis restarted mid-drain (issue 12): N NOOP jobs are submitted over HTTP to the service jar (queue paused), then
 * drained at 10 workers while the Redis server (append-only file, fsync on every write) is stopped with SIGTERM, or
 * killed with SIGKILL, once a third of them have run, and started again on the same files. Prints per round the
 * jobs accepted, ended Success, lost, rerun (a job log with two "Job incoming" lines: its run really started twice),
 * the jobs a lost reply had stranded (put back by the node's reconciler), and how long after Redis was back the
 * last job ended. Run with bench/run-faults [jobs].
 */
public class FaultBench {

    static final String SECRET = ServiceProcess.SECRET;

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        for (String signal : List.of("SIGTERM", "SIGKILL")) {
            round(jobs, signal);
        }
    }

    static void round(int jobs, String signal) throws Exception {
        Path work = Files.createTempDirectory("jobservice-fault-bench-");
        Path logs = Files.createDirectories(work.resolve("job-logs"));
        int redisPort = ServiceProcess.freePort();
        int httpPort = ServiceProcess.freePort();
        String ns = "faults";
        RedisServerProcess redis = startRedis(redisPort, work);
        ServiceProcess service = ServiceProcess.start(work, httpPort, """
                port: %d
                worker_pool:
                  workers: 10
                  redis_pool:
                    redis_url: redis://127.0.0.1:%d
                    namespace: %s
                job_loggers:
                  - name: FILE
                    level: INFO
                    settings:
                      base_dir: %s
                loggers:
                  - name: STD_OUTPUT
                    level: WARNING
                """.formatted(httpPort, redisPort, ns, logs));
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
        client.setOptions(io.lettuce.core.ClientOptions.builder().autoReconnect(true).build());
        String paused = "{" + ns + "}:jobs:NOOP:paused";
        String queue = "{" + ns + "}:jobs:NOOP";
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            connection.sync().set(paused, "1");
            List<String> ids = submit(http, httpPort, jobs, 20);
            connection.sync().del(paused);
            while (connection.sync().llen(queue) > ids.size() * 2L / 3) {
                Thread.sleep(1);
            }
            if (signal.equals("SIGKILL")) {
                redis.kill();
            } else {
                redis.close();
            }
            redis = startRedis(redisPort, work);
            long back = System.nanoTime();
            long deadline = back + Duration.ofSeconds(120).toNanos();
            long success = 0;
            while (System.nanoTime() < deadline && (success = successes(client, ns, ids)) < ids.size()) {
                Thread.sleep(100);
            }
            double recoverSeconds = (System.nanoTime() - back) / 1e9;
            long rerun = 0;
            long neverRan = 0;
            for (String id : ids) {
                long runs = runs(logs.resolve(id + ".log"));
                rerun += runs > 1 ? 1 : 0;
                neverRan += runs == 0 ? 1 : 0;
            }
            long stranded = strandedPutBack(work.resolve("service.log"));
            System.out.printf("redis %s mid-drain: accepted %d, ended Success %d, lost %d, rerun %d, never ran %d,"
                    + " stranded by lost replies and put back %d, last job done %.1f s after Redis was back%n",
                    signal, ids.size(), success, ids.size() - success, rerun, neverRan, stranded, recoverSeconds);
        } finally {
            client.shutdown();
            service.close();
            redis.close();
        }
    }

    static RedisServerProcess startRedis(int port, Path work) throws IOException {
        return RedisServerProcess.start(RedisServerProcess.binary(true), port, work.resolve("redis"), "save", "",
                "appendonly", "yes", "appendfsync", "always");
    }

    /** How many runs of the job started: the runner writes one "Job incoming" line per run. */
    static long runs(Path log) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains("Job incoming")).count();
        }
    }

    /** The jobs the reconciler put back, summed from its log lines. */
    static long strandedPutBack(Path serviceLog) throws IOException {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("(\\d+) jobs of this pool's in-progress lists");
        long total = 0;
        for (String text : Files.readAllLines(serviceLog)) {
            java.util.regex.Matcher m = line.matcher(text);
            if (m.find()) {
                total += Long.parseLong(m.group(1));
            }
        }
        return total;
    }

    static long successes(RedisClient client, String ns, List<String> ids) {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<RedisFuture<String>> statuses = new ArrayList<>(ids.size());
            ids.forEach(id -> statuses.add(connection.async().hget("{" + ns + "}:job_stats:" + id, "status")));
            long count = 0;
            for (RedisFuture<String> status : statuses) {
                count += "Success".equals(status.get()) ? 1 : 0;
            }
            return count;
        } catch (Exception e) {
            return 0;
        }
    }

    static List<String> submit(HttpClient http, int port, int jobs, int connections) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                .header("Authorization", "Harbor-Secret " + SECRET).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"job\":{\"name\":\"NOOP\",\"metadata\":{\"kind\":\"Generic\"}}}")).build();
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(connections);
        for (int c = 0; c < connections; c++) {
            new Thread(() -> {
                try {
                    while (next.getAndIncrement() < jobs) {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 202) {
                            int at = response.body().indexOf("\"id\":\"") + 6;
                            ids.add(response.body().substring(at, at + 24));
                        }
                    }
                } catch (Exception e) {
                    // a failed submit is not accepted, so not counted
                } finally {
                    done.countDown();
                }
            }).start();
        }
        done.await();
        return new ArrayList<>(ids);
    }
}
