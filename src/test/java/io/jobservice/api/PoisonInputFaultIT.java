package io.jobservice.api;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.json.Json;
import io.jobservice.support.Jobs;
import io.jobservice.support.StoreFixture;
import io.jobservice.support.TestApp;
import io.jobservice.support.TestAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile and malformed input from outside: each gets a clear error in the contract's shape with the right status,
 * never a 500, and none keeps other jobs from running.
 */
class PoisonInputFaultIT {

    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.perClass().workers(2);
    static final StoreFixture STORE = APP.store();

    @Test
    void should_refuse_a_number_out_of_the_range_of_a_float() throws Exception {
        HttpResponse<String> response = APP.postJson("/api/v1/jobs", Jobs.generic("NOOP", "{\"x\":1e309}"));

        assertError(response, 400, 10001, "'job.parameters.x': the number 1E+309 is out of the range of a 64-bit float");
        assertError(APP.postJson("/api/v1/jobs", Jobs.generic("NOOP", "{\"x\":[1,-" + "9".repeat(400) + "]}")),
                400, 10001, "'job.parameters.x[1]'");
    }

    @Test
    void should_bury_a_poison_entry_written_by_hand_and_run_the_jobs_behind_it() throws Exception {
        String poisonId = "a".repeat(24);
        STORE.commands().hset(STORE.keys().jobStats(poisonId), Map.of("id", poisonId, "name", "NOOP",
                "kind", "Generic", "status", "Pending", "revision", "1", "parameters", "{\"x\":1E+309}"));
        STORE.pause("NOOP");
        STORE.commands().lpush(STORE.keys().jobQueue("NOOP"), "{\"name\":\"NOOP\",\"id\":\"" + poisonId
                + "\",\"t\":1,\"args\":{\"x\":1E+309}}", "{broken", "{\"name\":\"NOOP\",\"id\":\"" + poisonId
                + "\",\"t\":2,\"args\":{\"x\":1e309}}");
        List<String> innocent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            innocent.add(APP.submit(Jobs.noop()));
        }
        STORE.resume("NOOP");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(innocent).allSatisfy(id -> assertThat(APP.status(id)).isEqualTo("Success")));
        assertThat(APP.status(poisonId)).isEqualTo("Error");
        assertThat(STORE.commands().zrange(STORE.keys().dead(), 0, -1)).hasSizeGreaterThanOrEqualTo(3)
                .anySatisfy(entry -> assertThat(entry).contains("cannot decode the queued job"))
                .anySatisfy(entry -> assertThat(entry).contains("cannot encode the job parameters"));
        assertThat(STORE.commands().get(STORE.keys().lock("NOOP"))).isEqualTo("0");
        System.out.printf("poison entries: 3 written by hand ahead of 5 accepted jobs; %d in the dead set, 5 ended"
                + " Success, lost 0, slots held 0%n", STORE.commands().zcard(STORE.keys().dead()));
        HttpResponse<String> stop = APP.stopJob(poisonId);
        assertThat(stop.statusCode()).as(stop.body()).isEqualTo(204);
    }

    @Test
    void should_refuse_a_delay_whose_run_time_does_not_fit() throws Exception {
        HttpResponse<String> response = APP.postJson("/api/v1/jobs",
                "{\"job\":{\"name\":\"NOOP\",\"metadata\":{\"kind\":\"Scheduled\",\"schedule_delay\":9223372036854775807}}}");

        assertError(response, 400, 10013, "puts the run time after 9999-12-31T23:59:59Z");
        assertThat(STORE.commands().zcard(STORE.keys().scheduled())).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/jobs?page_size=2147483648", "/api/v1/jobs?page_size=99999999999999999999",
            "/api/v1/jobs?kind=Scheduled&page_number=4611686018427387904"})
    void should_answer_out_of_range_paging_with_a_page(String path) {
        HttpResponse<String> response = APP.get(path);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void should_answer_executions_paged_far_past_the_end_with_an_empty_page() throws Exception {
        String policy = APP.submit("{\"job\":{\"name\":\"NOOP\",\"metadata\":{\"kind\":\"Periodic\","
                + "\"cron_spec\":\"0 0 0 1 1 *\"}}}");

        HttpResponse<String> response = APP.get("/api/v1/jobs/" + policy
                + "/executions?page_number=4611686018427387904&page_size=2147483648");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Json.read(response.body())).isEmpty();
    }

    @Test
    void should_refuse_a_log_id_with_a_control_character() throws Exception {
        String id = APP.submit(Jobs.noop());

        assertError(APP.get("/api/v1/jobs/" + id + "@%00/log"), 400, 10013, "invalid Job ID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 0 0 30 2 *", "0 0 0 31 4 *", "*/5 * * * * *\\u0000"})
    void should_refuse_a_cron_that_never_fires_or_holds_a_control_character(String cron) throws Exception {
        HttpResponse<String> response = APP.postJson("/api/v1/jobs",
                "{\"job\":{\"name\":\"NOOP\",\"metadata\":{\"kind\":\"Periodic\",\"cron_spec\":\"" + cron + "\"}}}");

        assertError(response, 400, 10013, cron.contains("u0000") ? "control character U+0000" : "never fires");
    }

    @Test
    void should_answer_a_trailing_slash_with_404() throws Exception {
        assertError(APP.get("/api/v1/jobs/"), 404, 10010, "no route for /api/v1/jobs/");
    }

    @Test
    void should_accept_the_secret_only_from_the_authorization_header() throws Exception {
        String id = APP.submit(Jobs.noop());

        HttpResponse<String> response = APP.send(HttpRequest.newBuilder(APP.uri("/api/v1/jobs/" + id
                + "?Authorization=Harbor-Secret%20" + TestApp.SECRET + "&authorization=Harbor-Secret%20"
                + TestApp.SECRET)).GET().build());

        assertError(response, 401, 10011, "");
        HttpResponse<String> shadowed = APP.get("/api/v1/jobs/" + id + "?job_id=" + "b".repeat(24));
        assertThat(Json.read(shadowed.body()).get("job").get("id").asText()).as("the path's id").isEqualTo(id);
    }

    @Test
    void should_answer_errors_of_the_http_layer_in_the_error_shape() throws Exception {
        assertThat(rawRequest("GET /api/v1/jobs/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
                .startsWith("HTTP/1.").contains(" 414 ").contains("request line is too long").contains("\"code\":10013");
        assertThat(rawRequest("GET /api/v1/jobs/x HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n"))
                .startsWith("HTTP/1.").contains(" 431 ").contains("request headers are too large").contains("\"code\":10013");
        assertThat(rawRequest("GET /api/v1/jobs/%zz HTTP/1.1\r\nHost: x\r\nAuthorization: " + TestApp.AUTH
                + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400").contains("\"code\":10013")
                .contains("malformed request");
        assertError(APP.send(HttpRequest.newBuilder(APP.uri("/api/v1/jobs")).header("Authorization", TestApp.AUTH)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                                new byte[2 * 1024 * 1024]))).build()),
                413, 10000, "larger than the limit");
        String raw = rawRequest("GET /api/v1/stats HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.").contains(" 400 ").contains("\"code\":10013");
    }

    private static String rawRequest(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", APP.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void assertError(HttpResponse<String> response, int status, int code, String detailsPart) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = Json.read(response.body());
        assertThat(body.get("code").asInt()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotEmpty();
        assertThat(body.path("details").asText()).contains(detailsPart);
    }
}
