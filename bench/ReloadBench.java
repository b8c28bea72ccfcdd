import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.jobservice.ServiceNode;
import io.jobservice.config.ConfigLoader;
import io.jobservice.queue.RedisServerProcess;

/**
 * Hot reload of job routes (issue 7): how long from writing, editing or deleting a YAML job route in the routes
 * folder until the API sees the change, measured by submitting in a loop. Adding: until a submit of the new type
 * gets 202. Editing: the edit declares a required parameter, so until a submit without it gets 400. Deleting: until
 * the type gets 400. Run with bench/run-reload [rounds].
 */
public class ReloadBench {

    static final String SECRET = "bench-secret";

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path work = Files.createTempDirectory("jobservice-reload-bench-");
        Path routes = Files.createDirectories(work.resolve("routes"));
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        int redisPort = ServiceProcess.freePort();
        try (RedisServerProcess redis = RedisServerProcess.start(RedisServerProcess.binary(true), redisPort,
                work.resolve("redis"), "save", "", "appendonly", "no")) {
            int port = ServiceProcess.freePort();
            String yaml = """
                    port: %d
                    worker_pool:
                      workers: 2
                      redis_pool:
                        redis_url: "redis://127.0.0.1:%d"
                        namespace: "reload"
                    job_loggers:
                      - name: STD_OUTPUT
                        level: WARNING
                    """.formatted(port, redisPort);
            ServiceNode service = new ServiceNode(new ConfigLoader(Map.of()).parse(yaml), SECRET,
                    Map.of("jobservice.http.host", "127.0.0.1", "jobservice.routes.dir", routes.toString()));
            service.start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                List<Long> added = new ArrayList<>();
                List<Long> edited = new ArrayList<>();
                List<Long> deleted = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    String name = "PROBE" + i;
                    Path file = routes.resolve("probe" + i + ".camel.yaml");
                    added.add(timeUntil(() -> write(file, route(name, "")), http, port, name, "{}", 202));
                    edited.add(timeUntil(() -> write(file, route(name, "?params=x:string")), http, port, name, "{}",
                            400));
                    // with x given, only a type that is gone answers 400
                    deleted.add(timeUntil(() -> Files.delete(file), http, port, name, "{\"x\":\"y\"}", 400));
                }
                System.out.printf("reload, %d rounds (ms from the file change to the API seeing it): add %s, edit %s,"
                        + " delete %s%n", rounds, summary(added), summary(edited), summary(deleted));
            } finally {
                service.stop();
            }
        }
        System.exit(0);
    }

    interface Change {
        void apply() throws Exception;
    }

    static String route(String name, String options) {
        return """
                - route:
                    id: job-%s
                    from:
                      uri: "job:%s%s"
                      steps:
                        - log: hello
                """.formatted(name.toLowerCase(), name, options);
    }

    /** Written aside and moved in, as editors and config tools do, so no half file is ever read. */
    static void write(Path file, String content) throws Exception {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static long timeUntil(Change change, HttpClient http, int port, String name, String parameters, int status)
            throws Exception {
        long start = System.nanoTime();
        change.apply();
        HttpRequest submit = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                .header("Authorization", "Harbor-Secret " + SECRET).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"job\":{\"name\":\"" + name + "\",\"parameters\":"
                        + parameters + ",\"metadata\":{\"kind\":\"Generic\"}}}")).build();
        while (http.send(submit, HttpResponse.BodyHandlers.discarding()).statusCode() != status) {
            if (System.nanoTime() - start > 30_000_000_000L) {
                throw new IllegalStateException(name + ": no " + status + " after 30 s");
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    static String summary(List<Long> ms) {
        List<Long> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        return "p50 " + sorted.get(sorted.size() / 2) + " max " + sorted.get(sorted.size() - 1);
    }
}
