package io.jobservice.jmx;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import io.jobservice.support.RedisServerExtension;
import io.jobservice.support.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Remote JMX: bound to its host only, the JDK's password and access files, TLS, and no open door by mistake. */
class RemoteJmxTest {

    @TempDir
    Path dir;

    @Test
    void should_listen_on_the_configured_address_only() throws Exception {
        Optional<InetAddress> other = nonLoopbackAddress();
        assumeThat(other).as("a non-loopback IPv4 address on this machine").isPresent();
        int port = RedisServerExtension.freePort();
        try (RemoteJmx jmx = RemoteJmx.start(new RemoteJmx.Settings("127.0.0.1", port, null, null, null, false))) {
            try (Socket local = new Socket("127.0.0.1", port)) {
                assertThat(local.isConnected()).isTrue();
            }
            assertThatThrownBy(() -> {
                try (Socket remote = new Socket()) {
                    remote.connect(new InetSocketAddress(other.get(), port), 2000);
                }
            }).as("not on " + other.get()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void should_refuse_a_non_loopback_address_without_authentication_unless_allowed() throws Exception {
        int port = RedisServerExtension.freePort();

        assertThatThrownBy(() -> RemoteJmx.start(new RemoteJmx.Settings("0.0.0.0", port, null, null, null, false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jobservice.jmx.password-file");
        try (RemoteJmx allowed = RemoteJmx.start(new RemoteJmx.Settings("0.0.0.0", port, null, null, null, true))) {
            assertThat(allowed.url()).contains(":" + port);
        }
    }

    @Test
    void should_ask_for_the_credentials_of_the_password_file_and_apply_the_access_file() throws Exception {
        Path passwords = Files.writeString(dir.resolve("jmxremote.password"), "monitor watch\nadmin steer\n");
        Path access = Files.writeString(dir.resolve("jmxremote.access"), "monitor readonly\nadmin readwrite\n");
        int port = RedisServerExtension.freePort();
        try (RemoteJmx jmx = RemoteJmx.start(new RemoteJmx.Settings("127.0.0.1", port, passwords, access, null, false))) {
            JMXServiceURL url = new JMXServiceURL(jmx.url());
            assertThatThrownBy(() -> JMXConnectorFactory.connect(url).close()).isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> JMXConnectorFactory.connect(url, credentials("monitor", "wrong")).close())
                    .isInstanceOf(SecurityException.class);
            ObjectName memory = new ObjectName("java.lang:type=Memory");
            try (JMXConnector monitor = JMXConnectorFactory.connect(url, credentials("monitor", "watch"))) {
                MBeanServerConnection connection = monitor.getMBeanServerConnection();
                assertThat(connection.getAttribute(memory, "Verbose")).isNotNull();
                assertThatThrownBy(() -> connection.invoke(memory, "gc", null, null)).as("readonly")
                        .isInstanceOf(SecurityException.class);
            }
            try (JMXConnector admin = JMXConnectorFactory.connect(url, credentials("admin", "steer"))) {
                admin.getMBeanServerConnection().invoke(memory, "gc", null, null);
            }
        }
    }

    @Test
    void should_speak_tls_with_the_apis_certificate() throws Exception {
        TestCertificates ca = TestCertificates.newCa(dir, "ca");
        SSLContext server = ca.clientContext(ca.issue("jobservice", TestCertificates.KeyFormat.RSA_PKCS8));
        int port = RedisServerExtension.freePort();
        try (RemoteJmx jmx = RemoteJmx.start(new RemoteJmx.Settings("127.0.0.1", port, null, null, server, false))) {
            try (SSLSocket socket = (SSLSocket) ca.clientContext(null).getSocketFactory().createSocket("127.0.0.1", port)) {
                socket.startHandshake();
                assertThat(socket.getSession().getPeerPrincipal().getName()).isEqualTo("CN=jobservice");
            }
            assertThatThrownBy(() -> JMXConnectorFactory.connect(new JMXServiceURL(jmx.url()),
                    Map.of("jmx.remote.x.request.waiting.timeout", 2000L)).close()).as("plain RMI")
                    .isInstanceOf(IOException.class);
        }
    }

    private static Map<String, Object> credentials(String user, String password) {
        return Map.of(JMXConnector.CREDENTIALS, new String[] {user, password});
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (network.isUp() && !network.isLoopback()) {
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
