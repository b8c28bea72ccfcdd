import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.jobservice.ServiceNode;
import io.jobservice.config.ConfigLoader;
import io.jobservice.job.Job;
import io.jobservice.job.JobContext;
import io.jobservice.queue.RedisServerProcess;

/**
 * Scheduling precision benchmark (performance.md items 3, 4 and 5), with the service in this JVM so a job can note
 * the millisecond it started:
 *  1. pickup: after a warm-up of 3,000 jobs, Generic jobs submitted at 200/s for 10 s, then at 2,000/s for 1 s, to
 *     one node with 10 idle workers; latency = start - the moment the submit was sent (p50, p99, max);
 *  2. delayed: 2,000 Scheduled jobs due over 10 s on one node with 10 idle workers; lateness = start - run_at;
 *  3. cron: an every-second periodic policy on 3 nodes sharing one Redis for N seconds; fires, duplicates
 *     (an execution run twice), misses (a second without an execution) and lateness.
 * Run with bench/run-scheduling [cron-seconds].
 */
public class SchedulingBench {

    static final String SECRET = "bench-secret";
    static final Map<String, List<Long>> STARTS = new ConcurrentHashMap<>();

    /** Notes when each job id started. */
    public static final class StampJob implements Job {
        @Override
        public void run(JobContext context, Map<String, Object> parameters) {
            STARTS.computeIfAbsent(context.jobId(), id -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(System.currentTimeMillis());
        }
    }

    public static void main(String[] args) throws Exception {
        int cronSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Path work = Files.createTempDirectory("jobservice-sched-bench-");
        int redisPort = ServiceProcess.freePort();
        try (RedisServerProcess redis = RedisServerProcess.start(RedisServerProcess.binary(true), redisPort,
                work.resolve("redis"), "save", "", "appendonly", "no")) {
            String url = "redis://127.0.0.1:" + redisPort;
            pickup(url);
            delayed(url);
            cron(url, cronSeconds);
        }
        System.exit(0);
    }

    static void pickup(String redisUrl) throws Exception {
        Node node = Node.start(redisUrl, "pickup", 1);
        try {
            HttpClient http = HttpClient.newHttpClient();
            warmUp(node, http);
            for (int rate : new int[] {200, 2000}) {
                int jobs = 2000;
                Map<String, Long> sentAt = new ConcurrentHashMap<>();
                List<java.util.concurrent.CompletableFuture<?>> sends = new ArrayList<>();
                String body = "{\"job\":{\"name\":\"STAMP\",\"metadata\":{\"kind\":\"Generic\"}}}";
                // at most 50 requests under way, as from 50 connections (unbounded, the client opens one per request)
                java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(50);
                long start = System.nanoTime();
                for (int i = 0; i < jobs; i++) {
                    long due = start + i * 1_000_000_000L / rate;
                    while (System.nanoTime() < due) {
                        Thread.onSpinWait();
                    }
                    inFlight.acquire();
                    long at = System.currentTimeMillis();
                    sends.add(http.sendAsync(node.post(body), HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
                        int i0 = r.body().indexOf("\"id\":\"") + 6;
                        sentAt.put(r.body().substring(i0, i0 + 24), at);
                    }).whenComplete((done, failure) -> inFlight.release()));
                }
                sends.forEach(java.util.concurrent.CompletableFuture::join);
                long deadline = System.currentTimeMillis() + 20_000;
                while (!STARTS.keySet().containsAll(sentAt.keySet()) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                List<Long> latency = new ArrayList<>();
                sentAt.forEach((id, at) -> latency.add(STARTS.get(id).get(0) - at));
                latency.sort(null);
                System.out.printf("pickup:  %d jobs at %d/s to 10 idle workers: submit sent to Running p50 %d ms, p99 %d ms,"
                        + " max %d ms%n", jobs, rate, pct(latency, 0.50), pct(latency, 0.99), latency.get(latency.size() - 1));
            }
        } finally {
            node.stop();
        }
    }

    static void delayed(String redisUrl) throws Exception {
        Node node = Node.start(redisUrl, "delayed", 1);
        try {
            HttpClient http = HttpClient.newHttpClient();
            warmUp(node, http);
            Map<String, Long> runAt = new HashMap<>();
            for (int i = 0; i < 2000; i++) {
                long delay = 1 + (i % 10);
                String body = "{\"job\":{\"name\":\"STAMP\",\"parameters\":{\"i\":" + i
                        + "},\"metadata\":{\"kind\":\"Scheduled\",\"schedule_delay\":" + delay + "}}}";
                HttpResponse<String> response = http.send(node.post(body), HttpResponse.BodyHandlers.ofString());
                String text = response.body();
                String id = text.substring(text.indexOf("\"id\":\"") + 6, text.indexOf("\"id\":\"") + 30);
                long at = Long.parseLong(text.replaceAll(".*\"run_at\":(\\d+).*", "$1"));
                runAt.put(id, at);
            }
            long deadline = System.currentTimeMillis() + 20_000;
            while (STARTS.keySet().containsAll(runAt.keySet()) == false && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            List<Long> lateness = new ArrayList<>();
            runAt.forEach((id, at) -> {
                List<Long> starts = STARTS.get(id);
                if (starts != null) {
                    lateness.add(starts.get(0) - at * 1000);
                }
            });
            lateness.sort(null);
            System.out.printf("delayed: %d of %d jobs ran; lateness (first start - run_at) p50 %d ms, p99 %d ms, max %d ms%n",
                    lateness.size(), runAt.size(), pct(lateness, 0.50), pct(lateness, 0.99),
                    lateness.isEmpty() ? -1 : lateness.get(lateness.size() - 1));
        } finally {
            node.stop();
        }
    }

    static void cron(String redisUrl, int seconds) throws Exception {
        List<Node> nodes = List.of(Node.start(redisUrl, "cron", 1), Node.start(redisUrl, "cron", 2),
                Node.start(redisUrl, "cron", 3));
        try {
            String body = "{\"job\":{\"name\":\"STAMP\",\"metadata\":{\"kind\":\"Periodic\",\"cron_spec\":\"* * * * * *\"}}}";
            HttpResponse<String> response = HttpClient.newHttpClient().send(nodes.get(0).post(body),
                    HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            String policy = text.substring(text.indexOf("\"id\":\"") + 6, text.indexOf("\"id\":\"") + 30);
            long start = System.currentTimeMillis() / 1000 + 3;
            long end = start + seconds;
            Thread.sleep((end + 2) * 1000 - System.currentTimeMillis());
            int fires = 0;
            int duplicates = 0;
            int misses = 0;
            List<Long> lateness = new ArrayList<>();
            for (long t = start; t < end; t++) {
                List<Long> starts = STARTS.get(policy + "@" + t);
                if (starts == null) {
                    misses++;
                    continue;
                }
                fires++;
                duplicates += starts.size() - 1;
                lateness.add(starts.get(0) - t * 1000);
            }
            lateness.sort(null);
            System.out.printf("cron:    every-second policy on 3 nodes for %d s: %d fires, %d duplicates, %d misses; "
                            + "lateness p50 %d ms, p99 %d ms, max %d ms%n", seconds, fires, duplicates, misses,
                    pct(lateness, 0.50), pct(lateness, 0.99), lateness.isEmpty() ? -1 : lateness.get(lateness.size() - 1));
        } finally {
            for (Node node : nodes) {
                node.stop();
            }
        }
    }

    /** Runs 3,000 jobs first, so the figures are of a warmed-up JVM, as a long-running service is. */
    static void warmUp(Node node, HttpClient http) throws Exception {
        String body = "{\"job\":{\"name\":\"STAMP\",\"metadata\":{\"kind\":\"Generic\"}}}";
        int before = STARTS.size();
        for (int i = 0; i < 3000; i++) {
            http.send(node.post(body), HttpResponse.BodyHandlers.discarding());
        }
        long deadline = System.currentTimeMillis() + 20_000;
        while (STARTS.size() < before + 3000 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    static long pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * p)));
    }

    record Node(ServiceNode service, int port) {
        static Node start(String redisUrl, String namespace, int n) throws Exception {
            int port = ServiceProcess.freePort();
            String yaml = """
                    port: %d
                    worker_pool:
                      workers: 10
                      redis_pool:
                        redis_url: "%s"
                        namespace: "%s"
                    """.formatted(port, redisUrl, namespace);
            ServiceNode service = new ServiceNode(new ConfigLoader(Map.of()).parse(yaml), SECRET,
                    Map.of("camel.main.name", namespace + "-" + n, "jobservice.http.host", "127.0.0.1"));
            service.configuration().registry().register("STAMP", new StampJob());
            service.start();
            return new Node(service, port);
        }

        HttpRequest post(String body) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                    .header("Authorization", "Harbor-Secret " + SECRET).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        }

        void stop() throws Exception {
            service.stop();
        }
    }
}
