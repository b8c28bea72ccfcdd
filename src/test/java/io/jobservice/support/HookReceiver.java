package io.jobservice.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.jobservice.json.Json;

/**
 * A real HTTP hook receiver on loopback (the JDK's HttpServer) that records every request and answers with the
 * status its mode says: 200, 404, 500, hang, or down (not listening).
 */
public final class HookReceiver implements AutoCloseable {

    /** One received request. */
    public record Received(String path, JsonNode body, Map<String, List<String>> headers, long atMs) {
    }

    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(200);
    private final AtomicInteger hits = new AtomicInteger();
    private volatile long hangMs;
    private HttpServer server;

    public HookReceiver() {
        this(RedisServerExtension.freePort());
    }

    public HookReceiver(int port) {
        this.port = port;
        up();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Answers every request with this status. */
    public HookReceiver answer(int status) {
        answer.set(status);
        return this;
    }

    /** Waits this long before answering requests whose path ends with /slow. */
    public HookReceiver hang(long ms) {
        hangMs = ms;
        return this;
    }

    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public synchronized void up() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            try (InputStream in = exchange.getRequestBody()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (exchange.getRequestURI().getPath().endsWith("/slow") && hangMs > 0) {
                    // a receiver that hangs is the behaviour under test
                    Thread.sleep(hangMs);
                }
                int status = answer.get();
                if (status == 200) {
                    received.add(new Received(exchange.getRequestURI().getPath(), Json.read(text),
                            Map.copyOf(exchange.getRequestHeaders()), System.currentTimeMillis()));
                }
                exchange.sendResponseHeaders(status, -1);
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** Requests answered with 200, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Accepted events of one job, in arrival order. */
    public List<Received> of(String jobId) {
        return received.stream().filter(r -> r.body().get("job_id").asText().equals(jobId)).toList();
    }

    /** Every request, whatever it was answered. */
    public int hits() {
        return hits.get();
    }

    @Override
    public void close() {
        down();
    }
}
