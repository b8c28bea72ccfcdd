package io.jobservice.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.jobservice.json.Json;
import io.jobservice.queue.RedisServerProcess;
import io.jobservice.support.Jobs;
import io.jobservice.support.RedisServerExtension;
import io.jobservice.support.TestApp;
import io.jobservice.support.TestAppExtension;
import io.jobservice.support.TestCertificates.KeyFormat;
import io.jobservice.support.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * TLS with throwaway certificates and real handshakes: the API over HTTPS from Harbor's settings and its internal
 * TLS, client certificates required, hooks to receivers behind a private CA, and Redis over TLS.
 */
class TlsIT {

    /** Each test starts an app with its own certificates. */
    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.manual().workers(2);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyFormat.class)
    void should_serve_the_api_over_https_with_a_key_in_any_pem_format_and_refuse_plain_http(KeyFormat format)
            throws Exception {
        TestCertificates ca = TestCertificates.newCa(dir, "ca");
        TestCertificates.Issued server = ca.issue("jobservice", format);
        Map<String, String> env = Map.of("JOB_SERVICE_PROTOCOL", "https",
                "JOB_SERVICE_HTTPS_CERT", server.certFile().toString(),
                "JOB_SERVICE_HTTPS_KEY", server.keyFile().toString());
        try (TestApp app = start(env, Map.of())) {
            HttpResponse<String> stats = get(ca.clientContext(null), "https://127.0.0.1:" + app.port() + "/api/v1/stats");
            assertThat(stats.statusCode()).isEqualTo(200);

            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.port() + "/api/v1/stats")).build(),
                    HttpResponse.BodyHandlers.ofString())).as("plain HTTP to the HTTPS port").isInstanceOf(IOException.class);
        }
    }

    @Test
    void should_require_a_client_certificate_signed_by_harbors_internal_ca_and_present_its_own_to_hook_receivers()
            throws Exception {
        TestCertificates internal = TestCertificates.newCa(dir.resolve("internal"), "harbor_internal_ca");
        TestCertificates.Issued jobservice = internal.issue("job_service", KeyFormat.RSA_PKCS1);
        TestCertificates.Issued core = internal.issue("core", KeyFormat.EC);
        TestCertificates stranger = TestCertificates.newCa(dir.resolve("stranger"), "stranger_ca");
        Map<String, String> env = Map.of("INTERNAL_TLS_ENABLED", "true", "INTERNAL_VERIFY_CLIENT_CERT", "true",
                "INTERNAL_TLS_CERT_PATH", jobservice.certFile().toString(),
                "INTERNAL_TLS_KEY_PATH", jobservice.keyFile().toString(),
                "INTERNAL_TLS_TRUST_CA_PATH", internal.caFile().toString());
        // core's hook endpoint, itself requiring a client certificate of the internal CA
        try (HttpsReceiver receiver = new HttpsReceiver(internal.clientContext(core), true);
             TestApp app = start(env, Map.of())) {
            String stats = "https://127.0.0.1:" + app.port() + "/api/v1/stats";
            assertThat(get(internal.clientContext(core), stats).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get(internal.clientContext(null), stats)).as("no client certificate")
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> get(internal.clientContext(stranger.issue("intruder", KeyFormat.RSA_PKCS8)), stats))
                    .as("a certificate of another CA").isInstanceOf(IOException.class);

            String id = submit(internal.clientContext(core), app, receiver.url());
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.statuses(id).contains("Success"));
            assertThat(receiver.clientSubjects()).allSatisfy(subject -> assertThat(subject).isEqualTo("CN=job_service"));
        }
    }

    @Test
    void should_deliver_hooks_to_a_receiver_behind_a_ca_mounted_in_harbors_custom_cert_folder() throws Exception {
        TestCertificates company = TestCertificates.newCa(dir.resolve("company"), "company_ca");
        Path mounted = Files.createDirectories(dir.resolve("harbor_cust_cert"));
        Files.copy(company.caFile(), mounted.resolve("company.crt"));
        Files.writeString(mounted.resolve("README.pem"), "not a certificate");
        try (HttpsReceiver receiver = new HttpsReceiver(company.clientContext(company.issue("hooks", KeyFormat.EC)), false);
             TestApp app = start(Map.of(), Map.of("jobservice.tls.custom-ca-dir", mounted.toString()))) {
            String id = app.submit(Jobs.job("NOOP").hook(receiver.url()).json());
            // a WEBHOOK job posting to the same receiver: the notification jobs trust the mounted CA too
            String payload = "{\\\"job_id\\\":\\\"webhook-payload\\\",\\\"status\\\":\\\"PUSH_ARTIFACT\\\"}";
            app.submit("{\"job\":{\"name\":\"WEBHOOK\",\"parameters\":{\"payload\":\"" + payload + "\",\"address\":\""
                    + receiver.url() + "\"},\"metadata\":{\"kind\":\"Generic\"}}}");

            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.statuses(id).contains("Success"));
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.statuses("webhook-payload").contains("PUSH_ARTIFACT"));
        }
    }

    @Test
    void should_run_jobs_on_a_redis_over_tls_whose_ca_the_jdk_does_not_know() throws Exception {
        TestCertificates ca = TestCertificates.newCa(dir.resolve("redis-ca"), "redis_ca");
        TestCertificates.Issued redisCert = ca.issue("redis", KeyFormat.RSA_PKCS8);
        TestCertificates.Issued client = ca.issue("job_service", KeyFormat.RSA_PKCS1);
        int plainPort = RedisServerExtension.freePort();
        int tlsPort = RedisServerExtension.freePort();
        // client certificates required: the node presents its internal TLS pair to Redis too
        try (RedisServerProcess redis = RedisServerProcess.start(RedisServerProcess.binary(true), plainPort,
                dir.resolve("redis"), "save", "", "appendonly", "no", "tls-port", Integer.toString(tlsPort),
                "tls-cert-file", redisCert.certFile().toString(), "tls-key-file", redisCert.keyFile().toString(),
                "tls-ca-cert-file", ca.caFile().toString(), "tls-auth-clients", "yes")) {
            Map<String, String> env = Map.of("INTERNAL_TLS_ENABLED", "true",
                    "INTERNAL_TLS_CERT_PATH", client.certFile().toString(),
                    "INTERNAL_TLS_KEY_PATH", client.keyFile().toString(),
                    "INTERNAL_TLS_TRUST_CA_PATH", ca.caFile().toString());
            try (TestApp app = APP.with().redisUrl("rediss://127.0.0.1:" + tlsPort).namespace("tls_redis").env(env)
                    .start()) {
                HttpResponse<String> accepted = post(ca.clientContext(null), "https://127.0.0.1:" + app.port()
                        + "/api/v1/jobs", Jobs.noop());
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                String id = Json.read(accepted.body()).get("job").get("id").asText();
                await().atMost(Duration.ofSeconds(20)).until(() -> "Success".equals(Json.read(get(ca.clientContext(null),
                        "https://127.0.0.1:" + app.port() + "/api/v1/jobs/" + id).body()).get("job").get("status").asText()));
            }
        }
    }

    private TestApp start(Map<String, String> env, Map<String, String> properties) throws Exception {
        Map<String, String> props = new HashMap<>(properties);
        props.putIfAbsent("jobservice.tls.custom-ca-dir", dir.resolve("no-custom-certs").toString());
        return APP.with().properties(props).env(env).start();
    }

    private static String submit(SSLContext tls, TestApp app, String hook) throws Exception {
        HttpResponse<String> response = post(tls, "https://127.0.0.1:" + app.port() + "/api/v1/jobs",
                Jobs.job("NOOP").hook(hook).json());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return Json.read(response.body()).get("job").get("id").asText();
    }

    private static HttpResponse<String> get(SSLContext tls, String url) throws Exception {
        return HttpClient.newBuilder().sslContext(tls).build().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", TestApp.AUTH).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(SSLContext tls, String url, String body) throws Exception {
        return HttpClient.newBuilder().sslContext(tls).build().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", TestApp.AUTH).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A hook receiver over HTTPS (the JDK's HttpsServer) with its own certificate, recording hooks and clients. */
    static final class HttpsReceiver implements AutoCloseable {
        private final HttpsServer server;
        private final List<String[]> hooks = new CopyOnWriteArrayList<>();
        private final List<String> clientSubjects = new CopyOnWriteArrayList<>();

        HttpsReceiver(SSLContext identity, boolean needClientAuth) throws IOException {
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            server.setHttpsConfigurator(new HttpsConfigurator(identity) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters parameters = identity.getDefaultSSLParameters();
                    parameters.setNeedClientAuth(needClientAuth);
                    params.setSSLParameters(parameters);
                }
            });
            server.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    var body = Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    hooks.add(new String[] {body.get("job_id").asText(), body.get("status").asText()});
                    if (needClientAuth) {
                        clientSubjects.add(((HttpsExchange) exchange).getSSLSession()
                                .getPeerPrincipal().getName());
                    }
                    exchange.sendResponseHeaders(200, -1);
                } finally {
                    exchange.close();
                }
            });
            server.start();
        }

        String url() {
            return "https://127.0.0.1:" + server.getAddress().getPort() + "/service/notifications/jobs";
        }

        List<String> statuses(String jobId) {
            return hooks.stream().filter(hook -> hook[0].equals(jobId)).map(hook -> hook[1]).toList();
        }

        List<String> clientSubjects() {
            return clientSubjects;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
