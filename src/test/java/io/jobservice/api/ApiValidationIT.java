package io.jobservice.api;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.json.Json;
import io.jobservice.support.StoreFixture;
import io.jobservice.support.TestApp;
import io.jobservice.support.TestAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every submit validation message, auth rule and error code of contract 1.1 and 1.3, over real HTTP. */
class ApiValidationIT {

    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.perClass().workers(2);
    static final StoreFixture STORE = APP.store();

    static Stream<Arguments> invalid_submissions() {
        return Stream.of(
                Arguments.of("{}", "empty job request is not allowed"),
                Arguments.of("{\"job\":null}", "empty job request is not allowed"),
                Arguments.of("{\"job\":{\"metadata\":{\"kind\":\"Generic\"}}}", "name of job must be specified"),
                Arguments.of("{\"job\":{\"name\":\"  \",\"metadata\":{\"kind\":\"Generic\"}}}", "name of job must be specified"),
                Arguments.of("{\"job\":{\"name\":\"NOOP\"}}", "metadata of job is missing"),
                Arguments.of("{\"job\":{\"name\":\"NOOP\",\"metadata\":{\"kind\":\"generic\"}}}",
                        "job kind 'generic' is not supported, only support 'Generic','Scheduled','Periodic'"),
                Arguments.of("{\"job\":{\"name\":\"NOOP\",\"metadata\":{}}}",
                        "job kind '' is not supported, only support 'Generic','Scheduled','Periodic'"),
                Arguments.of("{\"job\":{\"name\":\"NOOP\",\"metadata\":{\"kind\":\"Scheduled\"}}}",
                        "'schedule_delay' must be specified for Scheduled job"),
                Arguments.of("{\"job\":{\"name\":\"NOOP\",\"metadata\":{\"kind\":\"Scheduled\",\"schedule_delay\":0}}}",
                        "'schedule_delay' must be specified for Scheduled job"),
                Arguments.of("{\"job\":{\"name\":\"NOOP\",\"metadata\":{\"kind\":\"Periodic\"}}}",
                        "'cron_spec' must be specified for the Periodic job"),
                Arguments.of("{\"job\":{\"name\":\"fake\",\"metadata\":{\"kind\":\"Generic\"}}}",
                        "job with name 'fake' is unknown"),
                Arguments.of("{\"job\":{\"name\":\"DEMO\",\"metadata\":{\"kind\":\"Generic\"}}}",
                        "missing parameter 'image'"),
                Arguments.of("{\"job\":{\"name\":\"DEMO\",\"parameters\":{\"image\":\"busybox\"},\"metadata\":{\"kind\":\"Generic\"}}}",
                        "parameter 'image' must start with 'demo', got 'busybox'"));
    }

    @ParameterizedTest
    @MethodSource("invalid_submissions")
    void should_refuse_invalid_submissions_with_400_and_harbors_message(String body, String details) throws Exception {
        HttpResponse<String> response = APP.postJson("/api/v1/jobs", body);
        assertThat(response.statusCode()).isEqualTo(400);
        assertError(response, 10013, "bad request", details);
    }

    @Test
    void should_answer_malformed_json_with_400_and_code_10001() throws Exception {
        HttpResponse<String> response = APP.postJson("/api/v1/jobs", "{\"job\": ");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.read(response.body()).get("code").asInt()).isEqualTo(10001);
    }

    @Test
    void should_answer_a_value_of_the_wrong_type_as_a_json_error() throws Exception {
        HttpResponse<String> response = APP.postJson("/api/v1/jobs",
                "{\"job\":{\"name\":\"NOOP\",\"parameters\":\"x\",\"metadata\":{\"kind\":\"Generic\"}}}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertError(response, 10001, "handle json data failed with error", "'job.parameters' must be a JSON object, got a string");
    }

    @Test
    void should_refuse_a_second_unique_job_with_409_and_save_no_stats() throws Exception {
        STORE.pause("NOOP");
        try {
            String body = "{\"job\":{\"name\":\"NOOP\",\"parameters\":{\"a\":1,\"b\":2},\"metadata\":{\"kind\":\"Generic\",\"unique\":true}}}";
            String duplicate = "{\"job\":{\"name\":\"NOOP\",\"parameters\":{\"b\":2,\"a\":1},\"metadata\":{\"kind\":\"Generic\",\"unique\":true}}}";
            assertThat(APP.postJson("/api/v1/jobs", body).statusCode()).isEqualTo(202);
            long statsBefore = countStats();
            HttpResponse<String> second = APP.postJson("/api/v1/jobs", duplicate);
            assertThat(second.statusCode()).isEqualTo(409);
            assertThat(Json.read(second.body()).get("code").asInt()).isEqualTo(10012);
            assertThat(countStats()).isEqualTo(statsBefore);
        } finally {
            STORE.resume("NOOP");
        }
    }

    private long countStats() {
        return STORE.commands().keys(STORE.keys().jobStatsPrefix() + "*").size();
    }

    @Test
    void should_answer_404_for_an_unknown_job() throws Exception {
        HttpResponse<String> response = APP.get("/api/v1/jobs/0123456789abcdef01234567");
        assertThat(response.statusCode()).isEqualTo(404);
        assertError(response, 10010, "object is not found", "0123456789abcdef01234567");
    }

    static Stream<Arguments> bad_credentials() {
        return Stream.of(
                Arguments.of(null, "header 'Authorization' missing"),
                Arguments.of("  ", "header 'Authorization' missing"),
                Arguments.of("Basic abc", "'Authorization' should start with 'Harbor-Secret'"),
                Arguments.of("harbor-secret " + TestApp.SECRET, "'Authorization' should start with 'Harbor-Secret'"),
                Arguments.of("Harbor-Secret   ", "empty secret is not allowed"),
                Arguments.of("Harbor-Secret wrong", "unauthorized"));
    }

    @ParameterizedTest
    @MethodSource("bad_credentials")
    void should_refuse_bad_credentials_with_401(String authorization, String details) throws Exception {
        for (String path : new String[] {"/api/v1/jobs/abc", "/api/v1/config", "/api/v1/stats?x=1", "/api/v1/unknown"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(APP.uri(path)).GET();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = APP.send(request.build());
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertError(response, 10011, "unauthorized", details);
        }
    }

    @Test
    void should_accept_the_secret_with_surrounding_spaces() {
        HttpResponse<String> response = APP.send(HttpRequest.newBuilder(APP.uri("/api/v1/config"))
                .header("Authorization", "Harbor-Secret  " + TestApp.SECRET + " ").GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void should_report_the_redis_pool_config_with_go_field_names() throws Exception {
        JsonNode body = Json.read(APP.get("/api/v1/config").body()).get("redis_pool_config");
        assertThat(body.get("RedisURL").asText()).isEqualTo(APP.redis().url());
        assertThat(body.get("Namespace").asText()).isEqualTo(APP.redis().namespace());
        assertThat(body.get("IdleTimeoutSecond").asInt()).isEqualTo(3600);
    }

    @Test
    void should_answer_404_for_unknown_paths_and_405_for_wrong_methods() throws Exception {
        HttpResponse<String> notFound = APP.get("/api/v1/nothing/here");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(Json.read(notFound.body()).get("code").asInt()).isEqualTo(10010);

        HttpResponse<String> wrongMethod = APP.send(HttpRequest.newBuilder(APP.uri("/api/v1/stats"))
                .header("Authorization", TestApp.AUTH).DELETE().build());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        HttpResponse<String> wrongMethodOnJobs = APP.send(HttpRequest.newBuilder(APP.uri("/api/v1/jobs"))
                .header("Authorization", TestApp.AUTH).PUT(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(wrongMethodOnJobs.statusCode()).isEqualTo(405);
    }

    @Test
    void should_answer_413_for_a_body_over_the_limit() throws Exception {
        String big = "{\"job\":{\"name\":\"NOOP\",\"parameters\":{\"x\":\"" + "a".repeat(1_100_000)
                + "\"},\"metadata\":{\"kind\":\"Generic\"}}}";
        HttpResponse<String> response = APP.postJson("/api/v1/jobs", big);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(Json.read(response.body()).get("code").asInt()).isEqualTo(10000);
    }

    @Test
    void should_never_echo_request_headers() {
        HttpResponse<String> response = APP.send(HttpRequest.newBuilder(APP.uri("/api/v1/config"))
                .header("Authorization", TestApp.AUTH).header("X-Secret", "leak-me").GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-Secret")
                || h.equalsIgnoreCase("Authorization"));
        HttpResponse<String> error = APP.send(HttpRequest.newBuilder(APP.uri("/api/v1/jobs/nope"))
                .header("Authorization", TestApp.AUTH).header("X-Secret", "leak-me").GET().build());
        assertThat(error.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-Secret"));
    }

    @Test
    void should_accept_a_form_encoded_json_body_without_crashing() {
        HttpResponse<String> response = APP.send(HttpRequest.newBuilder(APP.uri("/api/v1/jobs"))
                .header("Authorization", TestApp.AUTH).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"job\":{\"name\":\"NOOP\",\"metadata\":{\"kind\":\"Generic\"}}}"))
                .build());
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    static void assertError(HttpResponse<String> response, int code, String message, String details) throws Exception {
        JsonNode body = Json.read(response.body());
        assertThat(body.get("code").asInt()).isEqualTo(code);
        assertThat(body.get("message").asText()).isEqualTo(message);
        assertThat(body.get("details").asText()).isEqualTo(details);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }
}
