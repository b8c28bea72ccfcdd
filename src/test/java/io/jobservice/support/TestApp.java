package io.jobservice.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.jobservice.ServiceNode;
import io.jobservice.config.ConfigLoader;
import io.jobservice.config.HarborConfig;
import io.jobservice.json.Json;

/** The whole service started in-process against a test Redis, with an HTTP client for its API on loopback. */
public final class TestApp implements AutoCloseable {

    public static final String SECRET = "test-core-secret";
    public static final String AUTH = "Harbor-Secret " + SECRET;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ServiceNode service;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private boolean closed;

    private TestApp(ServiceNode service, int port) {
        this.service = service;
        this.port = port;
    }

    /** Starts a service with {@code workers} workers on the given Redis and namespace. */
    public static TestApp start(String redisUrl, String namespace, int workers) throws Exception {
        return start(redisUrl, namespace, workers, Map.of());
    }

    public static TestApp start(String redisUrl, String namespace, int workers, Map<String, String> properties)
            throws Exception {
        return start(redisUrl, namespace, workers, properties, stdOutJobLoggers());
    }

    /** The {@code job_loggers} part of config.yml the tests use unless they read job logs: standard output, WARNING. */
    public static String stdOutJobLoggers() {
        return """
                job_loggers:
                  - name: STD_OUTPUT
                    level: WARNING
                """;
    }

    /** Starts a service whose config.yml ends with {@code loggersYaml} (its {@code job_loggers}). */
    public static TestApp start(String redisUrl, String namespace, int workers, Map<String, String> properties,
                                String loggersYaml) throws Exception {
        return start(redisUrl, namespace, workers, properties, loggersYaml, Map.of());
    }

    /** Starts a service as {@link #start(String, String, int, Map, String)}, with Harbor's environment {@code env}. */
    public static TestApp start(String redisUrl, String namespace, int workers, Map<String, String> properties,
                                String loggersYaml, Map<String, String> env) throws Exception {
        return start(redisUrl, namespace, workers, properties, loggersYaml, env, Clock.systemUTC());
    }

    /** Starts a service whose every part reads the time from {@code clock} (a {@link SettableClock} in tests). */
    public static TestApp start(String redisUrl, String namespace, int workers, Map<String, String> properties,
                                String loggersYaml, Map<String, String> env, Clock clock) throws Exception {
        int port = RedisServerExtension.freePort();
        String yaml = """
                protocol: http
                port: %d
                worker_pool:
                  workers: %d
                  backend: redis
                  redis_pool:
                    redis_url: "%s"
                    namespace: "%s"
                    idle_timeout_second: 3600
                loggers:
                  - name: STD_OUTPUT
                    level: INFO
                """.formatted(port, workers, redisUrl, namespace) + loggersYaml;
        HarborConfig config = new ConfigLoader(env).parse(yaml);
        Map<String, String> props = new HashMap<>();
        props.put("camel.main.name", "jobservice-test-" + INSTANCES.incrementAndGet());
        props.put("jobservice.http.host", "127.0.0.1");
        props.put("jobservice.pool.shutdown-timeout-seconds", "5");
        props.put("jobservice.pool.stop-grace-seconds", "1");
        props.putAll(properties);
        ServiceNode service = new ServiceNode(config, SECRET, props, clock);
        TestJobs.registerAll(service.configuration().registry());
        service.start();
        return new TestApp(service, port);
    }

    /** The {@code job_loggers} part of config.yml for a FILE job logger at INFO in {@code dir} (the log API reads it). */
    public static String fileJobLoggers(Path dir) {
        return """
                job_loggers:
                  - name: FILE
                    level: INFO
                    settings:
                      base_dir: "%s"
                """.formatted(dir);
    }

    public ServiceNode service() {
        return service;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:port}, the API's base URL without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The client this app's helpers send with. */
    public HttpClient http() {
        return http;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", AUTH).GET().build());
    }

    /** Submits a job and returns its id, failing unless the answer is 202. */
    public String submit(String json) {
        HttpResponse<String> response = postJson("/api/v1/jobs", json);
        if (response.statusCode() != 202) {
            throw new IllegalStateException("submit answered " + response.statusCode() + ": " + response.body());
        }
        return field(response, "id");
    }

    /** The job's status as GET /api/v1/jobs/{id} reports it, or "" when it is not found. */
    public String status(String jobId) {
        HttpResponse<String> response = get("/api/v1/jobs/" + jobId);
        return response.statusCode() == 200 ? field(response, "status") : "";
    }

    private static String field(HttpResponse<String> response, String name) {
        try {
            return Json.read(response.body()).get("job").get(name).asText();
        } catch (Exception e) {
            throw new IllegalStateException("unexpected body: " + response.body(), e);
        }
    }

    public HttpResponse<String> postJson(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", AUTH)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** PUT with the secret and {@code body}, as the queue actions take it (no Content-Type header). */
    public HttpResponse<String> put(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", AUTH)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** POST /api/v1/jobs/{id} with the stop action. */
    public HttpResponse<String> stopJob(String jobId) {
        return postJson("/api/v1/jobs/" + jobId, Jobs.STOP);
    }

    /** Sends any request; the builder's URI is relative to this app. */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("HTTP call failed: " + request, e);
        }
    }

    public URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    /** Stops the service; a second call does nothing, so a test may close an app its extension closes too. */
    @Override
    public synchronized void close() throws Exception {
        if (!closed) {
            closed = true;
            service.stop();
        }
    }
}
