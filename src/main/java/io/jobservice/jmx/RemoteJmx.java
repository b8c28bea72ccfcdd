package io.jobservice.jmx;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.rmi.AlreadyBoundException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;
import javax.net.ssl.SSLContext;
import javax.rmi.ssl.SslRMIClientSocketFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote JMX on one port (RMI registry and RMI objects both on it, so one firewall or tunnel rule suffices), off
 * unless {@code jobservice.jmx.port} is set, and bound to {@code jobservice.jmx.host} only (the JDK's
 * {@code LocateRegistry.createRegistry(port)} would listen on every interface). Authentication uses the JDK's
 * password and access files, TLS the API's certificate; a non-loopback address without a password file is refused
 * unless {@code jobservice.jmx.allow-unauthenticated} says otherwise.
 */
public final class RemoteJmx implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteJmx.class);

    /**
     * Where and how remote JMX listens.
     *
     * @param host                 address to bind
     * @param port                 the one port of the registry and the RMI objects
     * @param passwordFile         the JDK's JMX password file ({@code user password} lines), or null
     * @param accessFile           the JDK's JMX access file ({@code user readonly|readwrite} lines), or null
     * @param tls                  the server's TLS context (the API's certificate), or null for none
     * @param allowUnauthenticated whether a non-loopback address may go without a password file
     */
    public record Settings(String host, int port, Path passwordFile, Path accessFile, SSLContext tls,
                           boolean allowUnauthenticated) {
    }

    private final Registry registry;
    private final JMXConnectorServer server;
    private final String url;

    private RemoteJmx(Registry registry, JMXConnectorServer server, String url) {
        this.registry = registry;
        this.server = server;
        this.url = url;
    }

    /**
     * Starts the connector.
     *
     * @throws IllegalArgumentException when the address is not loopback and there is no authentication
     */
    public static RemoteJmx start(Settings settings) throws IOException {
        InetAddress address = InetAddress.getByName(settings.host());
        if (!address.isLoopbackAddress() && settings.passwordFile() == null && !settings.allowUnauthenticated()) {
            throw new IllegalArgumentException("remote JMX on " + settings.host() + " would let anyone on the network"
                    + " manage the service: set jobservice.jmx.password-file, bind it to 127.0.0.1, or set"
                    + " jobservice.jmx.allow-unauthenticated=true");
        }
        // the stubs handed to clients must name the address they can reach
        System.setProperty("java.rmi.server.hostname", settings.host());
        BoundServerSockets serverSockets = new BoundServerSockets(address, settings.tls());
        SslRMIClientSocketFactory clientSockets = settings.tls() == null ? null : new SslRMIClientSocketFactory();
        Registry registry = LocateRegistry.createRegistry(settings.port(), clientSockets, serverSockets);
        Map<String, Object> environment = new HashMap<>();
        if (settings.passwordFile() != null) {
            environment.put("jmx.remote.x.password.file", settings.passwordFile().toString());
        }
        if (settings.accessFile() != null) {
            environment.put("jmx.remote.x.access.file", settings.accessFile().toString());
        }
        String host = settings.host();
        String url = "service:jmx:rmi://" + host + ":" + settings.port() + "/jndi/rmi://" + host + ":"
                + settings.port() + "/jmxrmi";
        JMXConnectorServer server;
        try {
            // as the JDK's own agent does: the connector's stub goes straight into the registry object, with no
            // network call (one over TLS would have to trust the service's own CA)
            RMIJRMPServerImpl rmiServer = new RMIJRMPServerImpl(settings.port(), clientSockets, serverSockets,
                    environment);
            server = new RMIConnectorServer(new JMXServiceURL("service:jmx:rmi://" + host + ":" + settings.port()),
                    environment, rmiServer, ManagementFactory.getPlatformMBeanServer());
            server.start();
            registry.bind("jmxrmi", rmiServer.toStub());
        } catch (IOException | RuntimeException | AlreadyBoundException e) {
            UnicastRemoteObject.unexportObject(registry, true);
            throw e instanceof IOException io ? io : new IOException(e);
        }
        LOG.info("Remote JMX listening at {}{}{}", url, settings.tls() == null ? "" : " over TLS",
                settings.passwordFile() == null ? ", no authentication" : ", with the password file");
        return new RemoteJmx(registry, server, url);
    }

    public String url() {
        return url;
    }

    @Override
    public void close() throws IOException {
        server.stop();
        UnicastRemoteObject.unexportObject(registry, true);
    }

    /**
     * Server sockets bound to one address, over TLS when a context is given. Equal factories share a port, which
     * is how the registry and the RMI objects both live on the one port.
     */
    private static final class BoundServerSockets implements RMIServerSocketFactory {
        private final InetAddress address;
        private final SSLContext tls;

        BoundServerSockets(InetAddress address, SSLContext tls) {
            this.address = address;
            this.tls = tls;
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return tls == null ? new ServerSocket(port, 50, address)
                    : tls.getServerSocketFactory().createServerSocket(port, 50, address);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof BoundServerSockets sockets && sockets.address.equals(address)
                    && Objects.equals(sockets.tls, tls);
        }

        @Override
        public int hashCode() {
            return Objects.hash(address, tls);
        }
    }
}
