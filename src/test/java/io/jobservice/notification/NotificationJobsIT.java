package io.jobservice.notification;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.jobservice.json.Json;
import io.jobservice.support.HookReceiver;
import io.jobservice.support.RedisServerExtension;
import io.jobservice.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** WEBHOOK and SLACK, the YAML notification jobs, posting to real receivers on loopback through camel-http. */
class NotificationJobsIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();
    static final long SLACK_INTERVAL_MS = 300;
    static HookReceiver receiver;
    /** Stands in for an HTTP proxy: a proxy gets the request with the target's absolute URL. */
    static HookReceiver proxy;
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        receiver = new HookReceiver().hang(3_000);
        proxy = new HookReceiver();
        app = TestApp.start(REDIS.url(), REDIS.namespace(), 4, Map.of(
                "jobservice.http-jobs.timeout-ms", "500",
                "jobservice.http-jobs.slack-interval-ms", Long.toString(SLACK_INTERVAL_MS),
                "jobservice.http-jobs.http-proxy", proxy.url("")),
                TestApp.fileJobLoggers(Files.createTempDirectory("job-logs-")));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        receiver.close();
        proxy.close();
    }

    static String job(String name, Map<String, Object> parameters) {
        return Json.write(Map.of("job", Map.of("name", name, "parameters", parameters,
                "metadata", Map.of("kind", "Generic"))));
    }

    static HookReceiver.Received awaitOne(HookReceiver at, String path) {
        await().atMost(Duration.ofSeconds(5)).until(() -> at.received().stream().anyMatch(r -> r.path().equals(path)));
        return at.received().stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
    }

    @Test
    void should_post_the_webhook_payload_with_its_headers() {
        String id = app.submit(job("WEBHOOK", Map.of(
                "payload", "{\"type\":\"PUSH_ARTIFACT\",\"occur_at\":1}",
                "address", receiver.url("/webhook/push"),
                "header", "{\"Authorization\":[\"Bearer t0k3n\"],\"X-Harbor-Event\":[\"a\",\"b\"]}")));

        HookReceiver.Received request = awaitOne(receiver, "/webhook/push");
        assertThat(request.body().get("type").asText()).isEqualTo("PUSH_ARTIFACT");
        assertThat(request.headers().get("Authorization")).containsExactly("Bearer t0k3n");
        assertThat(request.headers().get("X-harbor-event")).containsExactly("a, b");
        assertThat(request.headers().keySet()).as("nothing of the job leaks into the request")
                .noneMatch(name -> name.toLowerCase().startsWith("job") || name.toLowerCase().startsWith("camel"));
        await().atMost(Duration.ofSeconds(5)).until(() -> app.status(id).equals("Success"));
        assertThat(proxy.received()).as("loopback receivers are not proxied")
                .noneMatch(r -> r.path().equals("/webhook/push"));
    }

    @Test
    void should_fail_and_retry_when_the_receiver_answers_an_error_or_too_late() {
        try (HookReceiver failing = new HookReceiver().answer(500)) {
            String refused = app.submit(job("WEBHOOK", Map.of("payload", "{}", "address", failing.url("/webhook"))));
            String late = app.submit(job("WEBHOOK", Map.of("payload", "{}", "address", receiver.url("/webhook/slow"))));

            await().atMost(Duration.ofSeconds(5)).until(() -> app.status(late).equals("Error")
                    && app.status(refused).equals("Error"));
            assertThat(app.get("/api/v1/jobs/" + late + "/log").body()).containsIgnoringCase("timed out");
            assertThat(app.get("/api/v1/jobs/" + refused + "/log").body()).contains("statusCode: 500");
            assertThat(REDIS.commands().zrange(REDIS.prefix() + "retry", 0, -1))
                    .anySatisfy(entry -> assertThat(entry).contains(late).contains("\"fails\":1"))
                    .anySatisfy(entry -> assertThat(entry).contains(refused).contains("\"fails\":1"));
        }
    }

    @Test
    void should_refuse_a_webhook_without_an_address() throws Exception {
        HttpResponse<String> response = app.postJson("/api/v1/jobs", job("WEBHOOK", Map.of("payload", "{}")));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.read(response.body()).get("details").asText()).isEqualTo("missing job parameter 'address'");
        HttpResponse<String> typed = app.postJson("/api/v1/jobs",
                job("SLACK", Map.of("payload", Map.of("text", "hi"), "address", "http://x")));
        assertThat(Json.read(typed.body()).get("details").asText())
                .isEqualTo("malformed job parameter 'payload', expecting string but got object");
    }

    @Test
    void should_post_slack_messages_as_json_one_at_a_time() {
        String payload = "{\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*push*\"}}]}";
        List<String> ids = List.of(
                app.submit(job("SLACK", Map.of("payload", payload, "address", receiver.url("/slack/one")))),
                app.submit(job("SLACK", Map.of("payload", payload, "address", receiver.url("/slack/two")))));

        HookReceiver.Received first = awaitOne(receiver, "/slack/one");
        HookReceiver.Received second = awaitOne(receiver, "/slack/two");
        assertThat(first.headers().get("Content-type")).singleElement().asString().startsWith("application/json");
        assertThat(first.body().toString()).isEqualTo(payload);
        assertThat(Math.abs(second.atMs() - first.atMs())).as("Slack's rate limit").isGreaterThanOrEqualTo(SLACK_INTERVAL_MS);
        await().atMost(Duration.ofSeconds(5)).until(() -> ids.stream().allMatch(id -> app.status(id).equals("Success")));
    }

    @Test
    void should_send_requests_for_other_hosts_through_the_proxy() {
        String id = app.submit(job("WEBHOOK", Map.of("payload", "{\"via\":\"proxy\"}",
                "address", "http://harbor-receiver.invalid/webhook/proxied")));
        HookReceiver.Received request = awaitOne(proxy, "/webhook/proxied");
        assertThat(request.body().get("via").asText()).isEqualTo("proxy");
        assertThat(request.headers().get("Host")).containsExactly("harbor-receiver.invalid");
        await().atMost(Duration.ofSeconds(5)).until(() -> app.status(id).equals("Success"));
    }
}
