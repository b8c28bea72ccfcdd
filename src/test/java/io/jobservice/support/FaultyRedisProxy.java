package io.jobservice.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy between the service and a real Redis on loopback that drops connections at chosen moments, so a test
 * can lose the reply of a command that Redis did run: the case a dropped connection or a command time-out makes.
 * A drop closes both sides of the connection; clients reconnect through the proxy as they would to Redis.
 */
public final class FaultyRedisProxy implements AutoCloseable {

    private final int targetPort;
    private final ServerSocket listener;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicReference<Trap> trap = new AtomicReference<>();
    private final AtomicInteger drops = new AtomicInteger();
    private volatile boolean closed;

    private FaultyRedisProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "faulty-redis-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a proxy on a free loopback port in front of the Redis on {@code targetPort}. */
    public static FaultyRedisProxy start(int targetPort) throws IOException {
        return new FaultyRedisProxy(targetPort);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String url() {
        return "redis://127.0.0.1:" + port();
    }

    /** Connections dropped so far. */
    public int drops() {
        return drops.get();
    }

    /**
     * Arms a one-time trap: the first reply chunk from Redis that contains {@code marker} is not forwarded and its
     * connection is dropped. Redis has run the command by then; only its reply is lost.
     *
     * @return counted down once the trap went off
     */
    public CountDownLatch dropReplyContaining(String marker) {
        Trap armed = new Trap(marker.getBytes(StandardCharsets.UTF_8), true);
        trap.set(armed);
        return armed.fired;
    }

    /**
     * Arms a one-time trap: the first command sent to Redis that contains {@code marker} is forwarded, and its
     * connection is dropped a moment later without forwarding any reply, so the command ran and its reply is lost.
     */
    public CountDownLatch dropAfterRequestContaining(String marker) {
        Trap armed = new Trap(marker.getBytes(StandardCharsets.UTF_8), false);
        trap.set(armed);
        return armed.fired;
    }

    /** Drops every open connection now. */
    public void dropAll() {
        links.forEach(Link::drop);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        dropAll();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            try {
                Link link = new Link(client, new Socket(InetAddress.getLoopbackAddress(), targetPort));
                links.add(link);
                link.start();
            } catch (IOException e) {
                // Redis itself is down: the client's connection ends at once, as a refused one would
                closeQuietly(client);
            }
        }
    }

    /** A marker to look for and what to drop when it is seen. */
    private static final class Trap {
        final byte[] marker;
        final boolean inReply;
        final CountDownLatch fired = new CountDownLatch(1);

        Trap(byte[] marker, boolean inReply) {
            this.marker = marker;
            this.inReply = inReply;
        }
    }

    /** One client connection and its connection to Redis, with a pump thread each way. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        private volatile boolean holdReplies;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            pump(client, server, false, "proxy-up");
            pump(server, client, true, "proxy-down");
        }

        private void pump(Socket from, Socket to, boolean replies, String name) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[64 * 1024];
                byte[] carry = new byte[0];
                try {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    int read;
                    while ((read = in.read(buffer)) > 0) {
                        byte[] window = concat(carry, buffer, read);
                        Trap armed = trap.get();
                        if (armed != null && armed.inReply == replies && contains(window, armed.marker)
                                && trap.compareAndSet(armed, null)) {
                            if (replies) {
                                drop();
                                armed.fired.countDown();
                                return;
                            }
                            holdReplies = true;
                            out.write(buffer, 0, read);
                            out.flush();
                            // Redis runs the command within this time; its reply is then held back and lost
                            TimeUnit.MILLISECONDS.sleep(200);
                            drop();
                            armed.fired.countDown();
                            return;
                        }
                        if (replies && holdReplies) {
                            return;
                        }
                        out.write(buffer, 0, read);
                        out.flush();
                        carry = tail(window, 256);
                    }
                } catch (IOException | InterruptedException e) {
                    // the other side went away, or the link was dropped
                } finally {
                    drop();
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        void drop() {
            if (links.remove(this)) {
                drops.incrementAndGet();
            }
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private static byte[] concat(byte[] carry, byte[] buffer, int length) {
        byte[] window = new byte[carry.length + length];
        System.arraycopy(carry, 0, window, 0, carry.length);
        System.arraycopy(buffer, 0, window, carry.length, length);
        return window;
    }

    private static byte[] tail(byte[] bytes, int max) {
        int n = Math.min(max, bytes.length);
        byte[] tail = new byte[n];
        System.arraycopy(bytes, bytes.length - n, tail, 0, n);
        return tail;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
