package io.jobservice.notification;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.jobservice.job.Job;
import io.jobservice.job.JobParameterException;
import io.jobservice.job.JobRegistry;
import io.jobservice.jobcomponent.JobComponentWiring;
import io.jobservice.support.RecordingJobContext;
import io.jobservice.support.RoutesFiles;
import io.jobservice.support.ServiceRouteTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.util.URISupport;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * routes/notification-jobs.camel.yaml as the service loads it, run as the job types WEBHOOK and SLACK, with the
 * camel-http endpoint replaced by a mock: what is posted where, with which headers and client options.
 */
class NotificationJobRoutesTest extends ServiceRouteTestSupport {

    static final String PAYLOAD = "{\"type\":\"PUSH_ARTIFACT\",\"occur_at\":1}";
    static final long SLACK_INTERVAL_MS = 150;

    final JobRegistry registry = new JobRegistry();
    MockEndpoint receiver;

    @Override
    protected Map<String, String> overriddenProperties() {
        return Map.of("jobservice.http-jobs.slack-interval-ms", Long.toString(SLACK_INTERVAL_MS));
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        JobComponentWiring.install(context, registry, Clock.systemUTC());
        return context;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind(HttpJobSupport.PROXY_CONFIGURER,
                HttpJobSupport.proxyConfigurer(EnvironmentProxySelector.of(Map.of(), Map.of())));
        registry.bind(HttpJobSupport.TRUST_ALL, HttpJobSupport.trustAll());
        registry.bind(HttpJobSupport.NO_HOSTNAME_CHECK, NoopHostnameVerifier.INSTANCE);
        registry.bind(HttpJobSupport.BEAN, new HttpJobSupport());
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() throws Exception {
        return RoutesFiles.load(context, "notification-jobs.camel.yaml");
    }

    @BeforeEach
    void replaceTheHttpEndpointWithAMock() throws Exception {
        AdviceWith.adviceWith(context, "http-job-post",
                route -> route.mockEndpointsAndSkip("http://notification-receiver*"));
        context.start();
        receiver = getMockEndpoint("mock:http:notification-receiver");
    }

    /** The camel-http endpoint the mock stood in for: the URI the toD built, with the options it parsed. */
    HttpEndpoint postedThrough(int message) {
        String uri = receiver.getReceivedExchanges().get(message).getProperty(Exchange.INTERCEPTED_ENDPOINT,
                String.class);
        return context.getEndpoint(uri, HttpEndpoint.class);
    }

    @Test
    void should_post_the_webhook_payload_to_its_address_with_its_headers_and_nothing_else() throws Exception {
        receiver.expectedMessageCount(1);
        receiver.expectedBodiesReceived(PAYLOAD);
        receiver.expectedHeaderReceived(Exchange.HTTP_URI, "https://receiver.test/webhook/push");
        receiver.expectedHeaderReceived(Exchange.HTTP_METHOD, "POST");
        receiver.expectedHeaderReceived("Authorization", "Bearer t0k3n");
        receiver.expectedHeaderReceived("X-Harbor-Event", "a, b");
        RecordingJobContext job = new RecordingJobContext("WEBHOOK");

        registry.get("WEBHOOK").run(job, Map.of("payload", PAYLOAD, "address", "https://receiver.test/webhook/push",
                "header", "{\"Authorization\":[\"Bearer t0k3n\"],\"X-Harbor-Event\":[\"a\",\"b\"]}"));

        receiver.assertIsSatisfied();
        assertThat(receiver.getReceivedExchanges().get(0).getMessage().getHeaders().keySet())
                .as("nothing of the job or its caller leaks into the request")
                .containsExactlyInAnyOrder(Exchange.HTTP_URI, Exchange.HTTP_METHOD, "Authorization", "X-Harbor-Event");
        HttpEndpoint http = postedThrough(0);
        assertThat(List.of(http.getConnectTimeout(), http.getResponseTimeout()))
                .as("jobservice.http-jobs.timeout-ms").containsExactly(3000L, 3000L);
        assertThat(http.isFollowRedirects()).isFalse();
        assertThat(http.getHttpClientConfigurer()).isSameAs(context.getRegistry()
                .lookupByName(HttpJobSupport.PROXY_CONFIGURER));
        assertThat(optionsOf(http)).as("the component's TLS: Harbor's CAs").doesNotContainKey("sslContextParameters");
        assertThat(job.logLines).contains("INFO success to run webhook job");
    }

    @Test
    void should_trust_any_certificate_and_host_name_when_the_job_says_skip_cert_verify() throws Exception {
        receiver.expectedMessageCount(2);

        registry.get("WEBHOOK").run(new RecordingJobContext("WEBHOOK"), Map.of("payload", PAYLOAD,
                "address", "https://self-signed.test/hook", "skip_cert_verify", true));
        registry.get("WEBHOOK").run(new RecordingJobContext("WEBHOOK"), Map.of("payload", PAYLOAD,
                "address", "https://harbor-ca.test/hook", "skip_cert_verify", false));

        receiver.assertIsSatisfied();
        // camel-http turns these two options into the endpoint's connection manager; the URI says which it got
        assertThat(optionsOf(postedThrough(0))).containsEntry("sslContextParameters", "#" + HttpJobSupport.TRUST_ALL)
                .containsEntry("x509HostnameVerifier", "#" + HttpJobSupport.NO_HOSTNAME_CHECK);
        assertThat(optionsOf(postedThrough(1))).doesNotContainKeys("sslContextParameters", "x509HostnameVerifier");
    }

    static Map<String, String> optionsOf(HttpEndpoint endpoint) throws Exception {
        Map<String, String> options = new HashMap<>();
        URISupport.parseQuery(URISupport.extractQuery(endpoint.getEndpointUri()))
                .forEach((name, value) -> options.put(name, URLDecoder.decode(value.toString(), StandardCharsets.UTF_8)));
        return options;
    }

    @Test
    void should_fail_the_attempt_when_the_post_fails_or_the_header_is_not_json() throws Exception {
        receiver.whenAnyExchangeReceived(exchange -> {
            throw new IOException("Connection refused");
        });
        RecordingJobContext job = new RecordingJobContext("WEBHOOK");

        assertThatThrownBy(() -> registry.get("WEBHOOK").run(job, Map.of("payload", PAYLOAD,
                "address", "https://down.test/hook"))).isInstanceOf(IOException.class).hasMessage("Connection refused");
        assertThatThrownBy(() -> registry.get("WEBHOOK").run(job, Map.of("payload", PAYLOAD,
                "address", "https://down.test/hook", "header", "[not json"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("error to unmarshal header");
        assertThat(receiver.getReceivedCounter()).as("the malformed header is not posted").isEqualTo(1);
        assertThat(job.logLines).noneMatch(line -> line.contains("success"));
    }

    @Test
    void should_post_slack_messages_as_json_one_interval_apart() throws Exception {
        receiver.expectedMessageCount(1);
        receiver.expectedBodiesReceived(PAYLOAD);
        receiver.expectedHeaderReceived(Exchange.CONTENT_TYPE, "application/json");
        receiver.expectedHeaderReceived(Exchange.HTTP_URI, "https://hooks.slack.test/services/T0/B0/x");
        long start = System.nanoTime();

        registry.get("SLACK").run(new RecordingJobContext("SLACK"), Map.of("payload", PAYLOAD,
                "address", "https://hooks.slack.test/services/T0/B0/x"));

        receiver.assertIsSatisfied();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("the run holds SLACK's one slot")
                .isGreaterThanOrEqualTo(SLACK_INTERVAL_MS);
    }

    @Test
    void should_declare_harbors_knobs_and_parameters() {
        Job webhook = registry.get("WEBHOOK");
        Job slack = registry.get("SLACK");
        assertThat(List.of(webhook.maxFails(), webhook.maxConcurrency(), webhook.priority()))
                .as("max fails from JOBSERVICE_WEBHOOK_JOB_MAX_RETRY's default").containsExactly(3, 0, 1000);
        assertThat(List.of(slack.maxFails(), slack.maxConcurrency(), slack.priority())).containsExactly(3, 1, 1);
        assertThat(webhook.shouldRetry() && slack.shouldRetry()).isTrue();
        assertThatThrownBy(() -> webhook.validate(Map.of("payload", PAYLOAD)))
                .isInstanceOf(JobParameterException.class).hasMessage("missing job parameter 'address'");
        assertThatThrownBy(() -> slack.validate(Map.of("payload", PAYLOAD, "address", "x", "skip_cert_verify", "yes")))
                .isInstanceOf(JobParameterException.class).hasMessageContaining("'skip_cert_verify', expecting boolean");
    }
}
