package io.jobservice.queue;

import io.jobservice.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Go's encoding/json number and string output, which gocraft's unique keys are built from. */
class GoJsonTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1|1", "1.0|1", "2.50|2.5", "-3|-3", "0.000001|0.000001", "0.0000001|1e-7", "1e21|1e+21",
            "123456789012345678901234|1.2345678901234569e+23", "9007199254740993|9007199254740992",
            "100000000000000000000|100000000000000000000", "0.1|0.1", "-1.5e-10|-1.5e-10"})
    void should_format_numbers_as_go_float64(String input, String expected) throws Exception {
        assertThat(GoJson.write(Json.read("{\"n\":" + input + "}"))).isEqualTo("{\"n\":" + expected + "}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"b\":1,\"a\":[true,null,\"x\"]}|{\"a\":[true,null,\"x\"],\"b\":1}",
            "{\"s\":\"tab\\there\\u0001\"}|{\"s\":\"tab\\there\\u0001\"}",
            "{\"s\":\"quote\\\" slash\\\\\"}|{\"s\":\"quote\\\" slash\\\\\"}"})
    void should_sort_keys_and_escape_strings_as_go(String input, String expected) throws Exception {
        assertThat(GoJson.write(Json.read(input))).isEqualTo(expected);
    }
}
