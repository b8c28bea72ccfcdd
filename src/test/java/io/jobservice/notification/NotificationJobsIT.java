package io.jobservice.notification;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.jobservice.json.Json;
import io.jobservice.support.HookReceiver;
import io.jobservice.support.StoreFixture;
import io.jobservice.support.TestAppExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** WEBHOOK and SLACK, the YAML notification jobs, posting to real receivers on loopback through camel-http. */
class NotificationJobsIT {

    static final long SLACK_INTERVAL_MS = 300;
    static final HookReceiver RECEIVER = new HookReceiver().hang(3_000);
    /** Stands in for an HTTP proxy: a proxy gets the request with the target's absolute URL. */
    static final HookReceiver PROXY = new HookReceiver();

    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.perClass().workers(4)
            .property("jobservice.http-jobs.timeout-ms", "500")
            .property("jobservice.http-jobs.slack-interval-ms", Long.toString(SLACK_INTERVAL_MS))
            .property("jobservice.http-jobs.http-proxy", PROXY.url(""))
            .fileJobLoggers();
    static final StoreFixture STORE = APP.store();

    @AfterAll
    static void stop() {
        RECEIVER.close();
        PROXY.close();
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
        String id = APP.submit(job("WEBHOOK", Map.of(
                "payload", "{\"type\":\"PUSH_ARTIFACT\",\"occur_at\":1}",
                "address", RECEIVER.url("/webhook/push"),
                "header", "{\"Authorization\":[\"Bearer t0k3n\"],\"X-Harbor-Event\":[\"a\",\"b\"]}")));

        HookReceiver.Received request = awaitOne(RECEIVER, "/webhook/push");
        assertThat(request.body().get("type").asText()).isEqualTo("PUSH_ARTIFACT");
        assertThat(request.headers().get("Authorization")).containsExactly("Bearer t0k3n");
        assertThat(request.headers().get("X-harbor-event")).containsExactly("a, b");
        assertThat(request.headers().keySet()).as("nothing of the job leaks into the request")
                .noneMatch(name -> name.toLowerCase().startsWith("job") || name.toLowerCase().startsWith("camel"));
        await().atMost(Duration.ofSeconds(5)).until(() -> APP.status(id).equals("Success"));
        assertThat(PROXY.received()).as("loopback receivers are not proxied")
                .noneMatch(r -> r.path().equals("/webhook/push"));
    }

    @Test
    void should_fail_and_retry_when_the_receiver_answers_an_error_or_too_late() {
        try (HookReceiver failing = new HookReceiver().answer(500)) {
            String refused = APP.submit(job("WEBHOOK", Map.of("payload", "{}", "address", failing.url("/webhook"))));
            String late = APP.submit(job("WEBHOOK", Map.of("payload", "{}", "address", RECEIVER.url("/webhook/slow"))));

            await().atMost(Duration.ofSeconds(5)).until(() -> APP.status(late).equals("Error")
                    && APP.status(refused).equals("Error"));
            assertThat(APP.get("/api/v1/jobs/" + late + "/log").body()).containsIgnoringCase("timed out");
            assertThat(APP.get("/api/v1/jobs/" + refused + "/log").body()).contains("statusCode: 500");
            assertThat(STORE.commands().zrange(STORE.keys().retry(), 0, -1))
                    .anySatisfy(entry -> assertThat(entry).contains(late).contains("\"fails\":1"))
                    .anySatisfy(entry -> assertThat(entry).contains(refused).contains("\"fails\":1"));
        }
    }

    @Test
    void should_refuse_a_webhook_without_an_address() throws Exception {
        HttpResponse<String> response = APP.postJson("/api/v1/jobs", job("WEBHOOK", Map.of("payload", "{}")));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.read(response.body()).get("details").asText()).isEqualTo("missing job parameter 'address'");
        HttpResponse<String> typed = APP.postJson("/api/v1/jobs",
                job("SLACK", Map.of("payload", Map.of("text", "hi"), "address", "http://x")));
        assertThat(Json.read(typed.body()).get("details").asText())
                .isEqualTo("malformed job parameter 'payload', expecting string but got object");
    }

    @Test
    void should_post_slack_messages_as_json_one_at_a_time() {
        String payload = "{\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*push*\"}}]}";
        List<String> ids = List.of(
                APP.submit(job("SLACK", Map.of("payload", payload, "address", RECEIVER.url("/slack/one")))),
                APP.submit(job("SLACK", Map.of("payload", payload, "address", RECEIVER.url("/slack/two")))));

        HookReceiver.Received first = awaitOne(RECEIVER, "/slack/one");
        HookReceiver.Received second = awaitOne(RECEIVER, "/slack/two");
        assertThat(first.headers().get("Content-type")).singleElement().asString().startsWith("application/json");
        assertThat(first.body().toString()).isEqualTo(payload);
        assertThat(Math.abs(second.atMs() - first.atMs())).as("Slack's rate limit").isGreaterThanOrEqualTo(SLACK_INTERVAL_MS);
        await().atMost(Duration.ofSeconds(5)).until(() -> ids.stream().allMatch(id -> APP.status(id).equals("Success")));
    }

    @Test
    void should_send_requests_for_other_hosts_through_the_proxy() {
        String id = APP.submit(job("WEBHOOK", Map.of("payload", "{\"via\":\"proxy\"}",
                "address", "http://harbor-receiver.invalid/webhook/proxied")));
        HookReceiver.Received request = awaitOne(PROXY, "/webhook/proxied");
        assertThat(request.body().get("via").asText()).isEqualTo("proxy");
        assertThat(request.headers().get("Host")).containsExactly("harbor-receiver.invalid");
        await().atMost(Duration.ofSeconds(5)).until(() -> APP.status(id).equals("Success"));
    }
}
