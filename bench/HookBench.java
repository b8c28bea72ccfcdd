import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.jobservice.queue.RedisServerProcess;
import io.lettuce.core.RedisClient;

/**
 * Hook throughput (issues 5, 14): the service jar runs as a process of its own (image's JVM settings), the hook
 * receiver here, in this benchmark's process, answering 200 on loopback. N NOOP jobs are queued (queue paused), then
 * run, first without hooks, then with a status hook each: every job sends two hooks (Running, Success). Prints the
 * drain rate without hooks, jobs/s until the last hook arrived, hooks/s and the hooked/plain ratio; then the delay
 * of a healthy receiver's hooks while 50 jobs point at receivers that never answer. Run with bench/run-hooks [jobs].
 */
public class HookBench {

    static final String SECRET = ServiceProcess.SECRET;

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path work = Files.createTempDirectory("jobservice-hook-bench-");
        int redisPort = ServiceProcess.freePort();
        int port = ServiceProcess.freePort();
        AtomicInteger hooks = new AtomicInteger();
        Map<String, Long> successAt = new java.util.concurrent.ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        receiver.setExecutor(Executors.newFixedThreadPool(16));
        receiver.createContext("/", exchange -> {
            String hook = new String(exchange.getRequestBody().readAllBytes());
            hooks.incrementAndGet();
            if (hook.startsWith("{\"job_id\":\"") && hook.contains("\"status\":\"Success\"")) {
                successAt.put(hook.substring(11, 35), System.currentTimeMillis());
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        String hookUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        try (RedisServerProcess redis = RedisServerProcess.start(RedisServerProcess.binary(true), redisPort,
                work.resolve("redis"), "save", "", "appendonly", "no");
             ServiceProcess service = ServiceProcess.start(work, port, """
                     port: %d
                     worker_pool:
                       workers: 10
                       redis_pool:
                         redis_url: "redis://127.0.0.1:%d"
                         namespace: "hooks"
                     loggers:
                       - name: STD_OUTPUT
                         level: WARNING
                     """.formatted(port, redisPort))) {
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
            var redisCommands = client.connect().sync();
            try {
                HttpClient http = HttpClient.newHttpClient();
                System.out.printf("hooks: %d NOOP jobs, workers=10, jvm=%s%n", jobs, ServiceProcess.jvmOptsLabel());
                // unmeasured: until the JIT has compiled both paths
                run(http, port, redisCommands, jobs, hookUrl, hooks);
                double plain = run(http, port, redisCommands, jobs, null, hooks);
                double withHooks = run(http, port, redisCommands, jobs, hookUrl, hooks);
                System.out.printf("hooks: without hooks %.0f jobs/s; with a status hook each %.0f jobs/s until the last"
                        + " hook arrived (%.0f hooks/s, 2 per job); hooked/plain %.2f%n", plain, withHooks,
                        2 * withHooks, withHooks / plain);
                hangingReceivers(http, port, hookUrl, successAt);
            } finally {
                client.shutdown();
                receiver.stop(0);
            }
        }
        System.exit(0);
    }

    /** Queues the jobs paused, resumes, and returns jobs/s until every job is done and, with a hook, every hook in. */
    static double run(HttpClient http, int port, io.lettuce.core.api.sync.RedisCommands<String, String> redis, int jobs,
                      String hookUrl, AtomicInteger hooks) throws Exception {
        redis.set("{hooks}:jobs:NOOP:paused", "1");
        String body = "{\"job\":{\"name\":\"NOOP\",\"metadata\":{\"kind\":\"Generic\"}"
                + (hookUrl == null ? "" : ",\"status_hook\":\"" + hookUrl + "\"") + "}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                .header("Authorization", "Harbor-Secret " + SECRET).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Thread[] senders = new Thread[20];
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < senders.length; t++) {
            senders[t] = new Thread(() -> {
                while (next.getAndIncrement() < jobs) {
                    try {
                        http.send(request, HttpResponse.BodyHandlers.discarding());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            senders[t].start();
        }
        for (Thread sender : senders) {
            sender.join();
        }
        int hooksBefore = hooks.get();
        long start = System.nanoTime();
        redis.del("{hooks}:jobs:NOOP:paused");
        while (redis.llen("{hooks}:jobs:NOOP") > 0 || !"0".equals(redis.get("{hooks}:jobs:NOOP:lock"))
                || hookUrl != null && hooks.get() - hooksBefore < 2 * jobs) {
            Thread.sleep(5);
        }
        return jobs / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * 50 jobs whose hooks go to 5 receivers that accept connections and never answer, then 1,000 jobs at 200/s whose
     * hooks go to the healthy receiver: prints how long after its submit each healthy job's Success hook arrived.
     */
    static void hangingReceivers(HttpClient http, int port, String healthyUrl, Map<String, Long> successAt)
            throws Exception {
        List<ServerSocket> hanging = new ArrayList<>();
        List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            ServerSocket socket = new ServerSocket(0, 200, java.net.InetAddress.getLoopbackAddress());
            hanging.add(socket);
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        held.add(socket.accept());
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }
        for (int i = 0; i < 50; i++) {
            submit(http, port, "http://127.0.0.1:" + hanging.get(i % 5).getLocalPort() + "/hang");
        }
        while (held.size() < 5) {
            Thread.sleep(10);
        }
        Map<String, Long> submittedAt = new java.util.HashMap<>();
        for (int i = 0; i < 1000; i++) {
            submittedAt.put(submit(http, port, healthyUrl), System.currentTimeMillis());
            Thread.sleep(5);
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (!successAt.keySet().containsAll(submittedAt.keySet()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        List<Long> latencies = new ArrayList<>();
        submittedAt.forEach((id, at) -> latencies.add(successAt.getOrDefault(id, Long.MAX_VALUE / 2) - at));
        java.util.Collections.sort(latencies);
        System.out.printf("hanging receivers: 50 jobs at 5 receivers that never answer; 1000 jobs at 200/s to a healthy"
                + " one: Success hook after submit p50 %d ms, p99 %d ms, max %d ms (%d of 1000 arrived)%n",
                latencies.get(500), latencies.get(989), latencies.get(999),
                submittedAt.keySet().stream().filter(successAt::containsKey).count());
        for (ServerSocket socket : hanging) {
            socket.close();
        }
        for (java.net.Socket socket : held) {
            socket.close();
        }
    }

    static String submit(HttpClient http, int port, String hookUrl) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                .header("Authorization", "Harbor-Secret " + SECRET).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"job\":{\"name\":\"NOOP\",\"metadata\":{\"kind\":"
                        + "\"Generic\"},\"status_hook\":\"" + hookUrl + "\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        return response.body().substring(response.body().indexOf("\"id\":\"") + 6).substring(0, 24);
    }
}
