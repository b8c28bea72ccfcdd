package io.jobservice.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hook receiver that accepts connections and never answers (nor reads): what a stuck process behind a live port
 * looks like to the service.
 */
public final class HangingReceiver implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    public HangingReceiver() throws IOException {
        listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    held.add(listener.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, "hanging-receiver");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + listener.getLocalPort() + path;
    }

    /** Connections accepted so far. */
    public int connections() {
        return held.size();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : held) {
            socket.close();
        }
    }
}
