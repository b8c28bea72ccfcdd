package io.jobservice.queue;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Changing one field of a queued job's JSON leaves every other value as it was written. */
class RawJsonFieldsTest {

    private static final String JOB = "{\"name\":\"DEMO\",\"id\":\"a1\",\"t\":1760000000,"
            + "\"args\":{\"n\":1e+06, \"s\":\"x\\\"}\",\"l\":[1,{\"b\":2}]},\"fails\":2,\"err\":\"boom\",\"failed_at\":7}";

    @Test
    void should_keep_each_value_as_written() throws IOException {
        RawJsonFields fields = RawJsonFields.parse(JOB);

        assertThat(fields.get("args")).isEqualTo("{\"n\":1e+06, \"s\":\"x\\\"}\",\"l\":[1,{\"b\":2}]}");
        assertThat(fields.get("name")).isEqualTo("\"DEMO\"");
        assertThat(fields.get("failed_at")).isEqualTo("7");
        assertThat(fields.toJson()).isEqualTo(JOB);
    }

    @Test
    void should_change_and_drop_fields_in_place() throws IOException {
        assertThat(RawJsonFields.parse(JOB).with("t", "42").without("fails", "err", "failed_at").toJson())
                .isEqualTo("{\"name\":\"DEMO\",\"id\":\"a1\",\"t\":42,"
                        + "\"args\":{\"n\":1e+06, \"s\":\"x\\\"}\",\"l\":[1,{\"b\":2}]}}");
    }

    @Test
    void should_read_a_field_written_twice_with_its_last_value_in_its_first_place() throws IOException {
        RawJsonFields fields = RawJsonFields.parse("{\"err\":\"a\",\"n\":1,\"err\":\"b\"}");

        assertThat(fields.toJson()).isEqualTo("{\"err\":\"b\",\"n\":1}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[1]", "{\"a\":1} {}", "{\"a\":"})
    void should_refuse_what_is_not_one_object(String json) {
        assertThatThrownBy(() -> RawJsonFields.parse(json)).isInstanceOf(IOException.class);
    }
}
