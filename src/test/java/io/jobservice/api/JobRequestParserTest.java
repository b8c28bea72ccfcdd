package io.jobservice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigInteger;
import java.util.Map;

import io.jobservice.job.JobRequest;
import io.jobservice.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobRequestParserTest {

    private static JobRequest parse(String body) {
        return JobRequestParser.parse(body).request();
    }

    private static void assertJsonError(String body) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> JobRequestParser.parse(body));

        assertThat(e).as("body %s", body).isNotNull();
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.errorCode()).isEqualTo(ErrorCode.HANDLE_JSON);
        assertThat(e.errorCode().code()).isEqualTo(10001);
        assertThat(e.details()).isNotBlank();
    }

    @Test
    void should_read_every_field_of_a_scheduled_request() {
        JobRequest request = parse("""
                {"job":{"name":"REPLICATION","parameters":{"src":"a","n":1},
                 "metadata":{"kind":"Scheduled","schedule_delay":120,"cron_spec":"0 0 3 * * *","unique":true},
                 "status_hook":"http://core:8080/service/notifications/tasks/4711"}}""");

        assertThat(request.name()).isEqualTo("REPLICATION");
        assertThat(request.parameters()).containsEntry("src", "a").containsKey("n");
        assertThat(request.hasMetadata()).isTrue();
        assertThat(request.kind()).isEqualTo("Scheduled");
        assertThat(request.scheduleDelay()).isEqualTo(120);
        assertThat(request.cronSpec()).isEqualTo("0 0 3 * * *");
        assertThat(request.unique()).isTrue();
        assertThat(request.statusHook()).isEqualTo("http://core:8080/service/notifications/tasks/4711");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "null", "{\"job\":null}", " {\"other\":1} "})
    void should_give_a_null_request_when_there_is_no_job(String body) {
        JobRequestParser.Parsed parsed = JobRequestParser.parse(body);

        assertThat(parsed.request()).isNull();
        assertThat(parsed.parameters()).isNull();
    }

    @Test
    void should_treat_null_values_as_absent() {
        JobRequest request = parse("""
                {"job":{"name":null,"parameters":null,"metadata":null,"status_hook":null}}""");

        assertThat(request.name()).isNull();
        assertThat(request.parameters()).isNull();
        assertThat(request.hasMetadata()).isFalse();
        assertThat(request.statusHook()).isNull();
        assertThat(JobRequestParser.parse("{\"job\":{\"parameters\":null}}").parameters()).isNull();
    }

    @Test
    void should_treat_null_metadata_fields_as_absent() {
        JobRequest request = parse("""
                {"job":{"name":"DEMO","metadata":{"kind":null,"schedule_delay":null,"cron_spec":null,"unique":null}}}""");

        assertThat(request.hasMetadata()).isTrue();
        assertThat(request.kind()).isNull();
        assertThat(request.scheduleDelay()).isZero();
        assertThat(request.cronSpec()).isNull();
        assertThat(request.unique()).isFalse();
    }

    @Test
    void should_see_empty_metadata_as_present() {
        JobRequest request = parse("{\"job\":{\"name\":\"DEMO\",\"metadata\":{}}}");

        assertThat(request.hasMetadata()).isTrue();
        assertThat(request.kind()).isNull();
    }

    @Test
    void should_ignore_unknown_keys() {
        JobRequest request = parse("""
                {"extra":[1],"job":{"name":"DEMO","is_unique":"x","metadata":{"kind":"Generic","extra":{}}}}""");

        assertThat(request.name()).isEqualTo("DEMO");
        assertThat(request.kind()).isEqualTo("Generic");
        assertThat(request.unique()).isFalse();
    }

    @Test
    void should_keep_big_integers_and_decimals_of_the_parameters_exactly() {
        JobRequestParser.Parsed parsed = JobRequestParser.parse("""
                {"job":{"name":"DEMO","parameters":{"big":12345678901234567890,"dec":0.10000000000000000001}}}""");

        assertThat(parsed.request().parameters().get("big")).isEqualTo(new BigInteger("12345678901234567890"));
        assertThat(Json.write(parsed.parameters()))
                .isEqualTo("{\"big\":12345678901234567890,\"dec\":0.10000000000000000001}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "   ",
            "{",
            "{\"job\":{\"name\":\"DEMO\"}",
            "{\"job\":null} trailing",
            "[]",
            "42",
            "\"job\"",
            "{\"job\":[]}",
            "{\"job\":\"DEMO\"}",
            "{\"job\":{\"name\":42}}",
            "{\"job\":{\"name\":[\"DEMO\"]}}",
            "{\"job\":{\"parameters\":[1,2]}}",
            "{\"job\":{\"parameters\":\"a=b\"}}",
            "{\"job\":{\"metadata\":\"Generic\"}}",
            "{\"job\":{\"metadata\":{\"kind\":1}}}",
            "{\"job\":{\"metadata\":{\"schedule_delay\":\"120\"}}}",
            "{\"job\":{\"metadata\":{\"schedule_delay\":-1}}}",
            "{\"job\":{\"metadata\":{\"schedule_delay\":1.5}}}",
            "{\"job\":{\"metadata\":{\"schedule_delay\":99999999999999999999999}}}",
            "{\"job\":{\"metadata\":{\"cron_spec\":true}}}",
            "{\"job\":{\"metadata\":{\"unique\":\"true\"}}}",
            "{\"job\":{\"metadata\":{\"unique\":1}}}",
            "{\"job\":{\"status_hook\":{}}}"})
    void should_answer_400_handle_json_for_malformed_or_mistyped_json(String body) {
        assertJsonError(body);
    }

    @Test
    void should_answer_400_handle_json_for_a_null_body() {
        assertJsonError(null);
    }

    @Test
    void should_give_parameters_to_the_job_as_a_map() {
        JobRequest request = parse("{\"job\":{\"name\":\"DEMO\",\"parameters\":{\"nested\":{\"a\":[true,null]}}}}");

        assertThat(request.parameters()).containsOnlyKeys("nested");
        assertThat(request.parameters().get("nested")).isInstanceOf(Map.class);
    }
}
