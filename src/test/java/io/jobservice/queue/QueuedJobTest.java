package io.jobservice.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueuedJobTest {

    private static JsonNode json(String text) throws JsonProcessingException {
        return Json.read(text);
    }

    @Test
    void should_write_name_id_t_args_and_omit_empty_optional_keys() throws Exception {
        QueuedJob job = new QueuedJob("DEMO", "3f9c1e0a7b2d4c5e6f708192", 1760000000L, json("{\"image\":\"demo\"}"),
                false, 0, null, 0);

        assertThat(job.toJson()).isEqualTo(
                "{\"name\":\"DEMO\",\"id\":\"3f9c1e0a7b2d4c5e6f708192\",\"t\":1760000000,\"args\":{\"image\":\"demo\"}}");
    }

    @Test
    void should_write_every_key_in_gocraft_order() throws Exception {
        QueuedJob job = new QueuedJob("DEMO", "abc", 5L, json("{}"), true, 2, "boom", 7L);

        assertThat(job.toJson()).isEqualTo(
                "{\"name\":\"DEMO\",\"id\":\"abc\",\"t\":5,\"args\":{},\"unique\":true,\"fails\":2,\"err\":\"boom\",\"failed_at\":7}");
    }

    @Test
    void should_write_null_args_and_omit_an_empty_error() {
        QueuedJob job = new QueuedJob("DEMO", "abc", 5L, null, false, 0, "", 0);

        assertThat(job.toJson()).isEqualTo("{\"name\":\"DEMO\",\"id\":\"abc\",\"t\":5,\"args\":null}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"name\":\"DEMO\",\"id\":\"abc\",\"t\":1760000000,\"args\":{\"image\":\"demo\"}}",
            "{\"name\":\"REPLICATION\",\"id\":\"abc\",\"t\":1,\"args\":null,\"unique\":true,\"fails\":3,\"err\":\"x\",\"failed_at\":9}",
            "{\"name\":\"DEMO\",\"id\":\"abc\",\"t\":1,\"args\":{\"big\":12345678901234567890,\"neg\":-98765432109876543210}}",
            "{\"name\":\"DEMO\",\"id\":\"abc\",\"t\":1,\"args\":{\"d\":0.10000000000000000001,\"e\":-3.14159}}"})
    void should_survive_a_parse_and_write_round_trip(String text) throws Exception {
        assertThat(QueuedJob.parse(text).toJson()).isEqualTo(text);
    }

    @Test
    void should_keep_trailing_zeros_of_decimals_in_a_round_trip() throws Exception {
        String text = "{\"name\":\"DEMO\",\"id\":\"abc\",\"t\":1,\"args\":{\"price\":2.50,\"ratio\":100.0}}";

        assertThat(QueuedJob.parse(text).toJson()).isEqualTo(text);
    }

    @Test
    void should_read_every_field_and_default_missing_ones() throws Exception {
        QueuedJob full = QueuedJob.parse(
                "{\"failed_at\":9,\"err\":\"x\",\"fails\":3,\"unique\":true,\"args\":{\"a\":1},\"t\":7,\"id\":\"i\",\"name\":\"N\"}");
        QueuedJob sparse = QueuedJob.parse("{\"name\":\"N\",\"id\":\"i\",\"t\":7}");

        assertThat(full).isEqualTo(new QueuedJob("N", "i", 7L, json("{\"a\":1}"), true, 3, "x", 9L));
        assertThat(sparse).isEqualTo(new QueuedJob("N", "i", 7L, null, false, 0, null, 0L));
        assertThat(full.parameters()).containsEntry("a", BigInteger.ONE);
        assertThat(sparse.parameters()).isEmpty();
    }

    @Test
    void should_refuse_json_that_is_not_an_object() {
        assertThatThrownBy(() -> QueuedJob.parse("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueuedJob.parse("{\"name\":")).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void should_track_a_plain_job_by_its_id() throws Exception {
        assertThat(new QueuedJob("DEMO", "abc", 1L, json("{\"a\":1}"), false, 0, null, 0).trackingId()).isEqualTo("abc");
        assertThat(new QueuedJob("DEMO", "abc", 1L, null, false, 0, null, 0).trackingId()).isEqualTo("abc");
        assertThat(new QueuedJob("DEMO", "abc", 1L, json("{\"_job_kind_periodic_\":null}"), false, 0, null, 0)
                .trackingId()).isEqualTo("abc");
    }

    @Test
    void should_track_a_periodic_execution_by_policy_id_and_epoch() throws Exception {
        QueuedJob execution = QueuedJob.parse("{\"name\":\"SCHEDULER\",\"id\":\"9a1b2c3d4e5f60718293a4b5\",\"t\":1760004000,"
                + "\"args\":{\"x\":1,\"_job_kind_periodic_\":\"1760004000\"}}");

        assertThat(execution.trackingId()).isEqualTo("9a1b2c3d4e5f60718293a4b5@1760004000");
    }

    @Test
    void should_sort_argument_keys_recursively_without_spaces() throws Exception {
        QueuedJob job = new QueuedJob("DEMO", "abc", 1L, json("{\"b\":1, \"a\":{\"d\":2, \"c\":[3, \"x\"]}}"), true, 0,
                null, 0);

        assertThat(job.canonicalArgs()).isEqualTo("{\"a\":{\"c\":[3,\"x\"],\"d\":2},\"b\":1}");
    }

    @Test
    void should_not_depend_on_the_key_order_of_the_request() throws Exception {
        QueuedJob one = new QueuedJob("DEMO", "a", 1L, json("{\"x\":1,\"y\":{\"p\":true,\"q\":null}}"), true, 0, null, 0);
        QueuedJob two = new QueuedJob("DEMO", "b", 2L, json("{\"y\":{\"q\":null,\"p\":true},\"x\":1}"), true, 0, null, 0);

        assertThat(one.canonicalArgs()).isEqualTo(two.canonicalArgs());
    }

    @Test
    void should_sort_keys_of_objects_inside_arrays_as_go_does() throws Exception {
        QueuedJob job = new QueuedJob("DEMO", "abc", 1L, json("{\"list\":[{\"z\":1,\"a\":2}]}"), true, 0, null, 0);

        assertThat(job.canonicalArgs()).isEqualTo("{\"list\":[{\"a\":2,\"z\":1}]}");
    }

    @Test
    void should_escape_html_characters_as_go_json_encoder_does() throws Exception {
        // gocraft builds the unique key with json.NewEncoder(...).Encode(args), which escapes <, > and &
        QueuedJob job = new QueuedJob("WEBHOOK", "abc", 1L, json("{\"url\":\"http://h/?a=1&b=<2>\"}"), true, 0, null, 0);

        assertThat(job.canonicalArgs()).isEqualTo("{\"url\":\"http://h/?a=1\\u0026b=\\u003c2\\u003e\"}");
    }
}
