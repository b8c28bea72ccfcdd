package io.jobservice.jmx;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.util.Map;

import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote JMX on one port (RMI registry and RMI objects both on it, so one firewall or tunnel rule suffices), off
 * unless {@code jobservice.jmx.port} is set. There is no authentication: bind it to loopback (the default) and
 * reach it through SSH or {@code kubectl port-forward}.
 */
public final class RemoteJmx implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteJmx.class);

    private final Registry registry;
    private final JMXConnectorServer server;
    private final String url;

    private RemoteJmx(Registry registry, JMXConnectorServer server, String url) {
        this.registry = registry;
        this.server = server;
        this.url = url;
    }

    /** Starts the connector on {@code host:port}. */
    public static RemoteJmx start(String host, int port) throws IOException {
        // the stubs handed to clients must name the address they can reach
        System.setProperty("java.rmi.server.hostname", host);
        Registry registry = LocateRegistry.createRegistry(port);
        String url = "service:jmx:rmi://" + host + ":" + port + "/jndi/rmi://" + host + ":" + port + "/jmxrmi";
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(new JMXServiceURL(url), Map.of(),
                ManagementFactory.getPlatformMBeanServer());
        server.start();
        LOG.info("Remote JMX listening at {}", url);
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
}
