package io.jobservice.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.jobservice.support.TestApp;
import io.jobservice.support.TestAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Clients that hold connections without finishing a request: closed after the header time-out, and capped. */
class SlowClientFaultIT {

    /** Each test starts an app with its own connection limits. */
    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.manual().workers(1);

    @Test
    void should_close_connections_that_do_not_finish_their_headers_in_time_and_cap_how_many_are_open()
            throws Exception {
        Map<String, String> limits = Map.of("jobservice.http.header-read-timeout-seconds", "2",
                "jobservice.http.max-connections", "20");
        try (TestApp app = APP.with().properties(limits).start()) {
            List<Socket> slow = new ArrayList<>();
            long start = System.currentTimeMillis();
            try {
                for (int i = 0; i < 25; i++) {
                    Socket socket = new Socket("127.0.0.1", app.port());
                    socket.setSoTimeout(10_000);
                    slow.add(socket);
                }
                Thread dripping = new Thread(() -> drip(slow), "slow-client");
                dripping.setDaemon(true);
                dripping.start();
                // 5 over the cap are closed at once, the other 20 once their 2 s are up
                await().atMost(Duration.ofSeconds(8)).until(() -> slow.stream().allMatch(SlowClientFaultIT::closedByServer));
                long closedAfterMs = System.currentTimeMillis() - start;
                System.out.printf("slow clients: 25 connections sending a header byte every 200 ms, 20 allowed;"
                        + " all closed after %.1f s (header time-out 2 s)%n", closedAfterMs / 1000.0);
                assertThat(closedAfterMs).isGreaterThanOrEqualTo(1_500);
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
            assertThat(app.get("/api/v1/stats").statusCode()).as("a prompt client is served").isEqualTo(200);
        }
    }

    @Test
    void should_keep_an_idle_kept_alive_connection_longer_than_a_new_connection_gets_for_its_headers()
            throws Exception {
        Map<String, String> limits = Map.of("jobservice.http.header-read-timeout-seconds", "1",
                "jobservice.http.keep-alive-idle-seconds", "4");
        try (TestApp app = APP.with().properties(limits).start();
             Socket socket = new Socket("127.0.0.1", app.port())) {
            assertThat(exchange(socket)).startsWith("HTTP/1.1 200");
            // idle past the header time-out: still open, and serves the next request
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> !closedByServer(socket));
            assertThat(exchange(socket)).startsWith("HTTP/1.1 200");
            // idle past the keep-alive limit: closed
            await().atMost(Duration.ofSeconds(8)).until(() -> closedByServer(socket));
        }
    }

    /** Sends GET /api/v1/stats on the socket and returns the response's head and body as read in one go. */
    private static String exchange(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        OutputStream out = socket.getOutputStream();
        out.write("GET /api/v1/stats HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] buffer = new byte[8192];
        int read = socket.getInputStream().read(buffer);
        return read < 0 ? "" : new String(buffer, 0, read, StandardCharsets.US_ASCII);
    }

    /** Sends one byte of a request line to every socket, every 200 ms, until all are closed. */
    private static void drip(List<Socket> sockets) {
        byte[] request = "GET /api/v1/stats HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; ; i++) {
            boolean anyOpen = false;
            for (Socket socket : sockets) {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(i < request.length ? request[i] : 'a');
                    out.flush();
                    anyOpen = true;
                } catch (IOException e) {
                    // closed by the server: what the test waits for
                }
            }
            if (!anyOpen) {
                return;
            }
            try {
                // the slowness under test: one byte at a time
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Whether the server closed the socket: a read ends (EOF or reset) instead of timing out. */
    private static boolean closedByServer(Socket socket) {
        try {
            socket.setSoTimeout(50);
            InputStream in = socket.getInputStream();
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
