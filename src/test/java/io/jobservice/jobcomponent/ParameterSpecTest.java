package io.jobservice.jobcomponent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.jobservice.job.JobParameterException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code params} option of a route job type: required and optional parameters with simple JSON types. */
class ParameterSpecTest {

    final ParameterSpec spec = ParameterSpec.parse(
            "payload:string, address:string, count?:integer, ratio?:number, flag?:boolean, meta?:object, tags?:array, any");

    @Test
    void should_accept_parameters_that_match_the_declaration() {
        assertThatCode(() -> spec.check(Map.of("payload", "{}", "address", "http://x", "count", 3, "ratio", 0.5,
                "flag", true, "meta", Map.of(), "tags", List.of("a"), "any", 1, "undeclared", "kept")))
                .doesNotThrowAnyException();
        assertThatCode(() -> spec.check(Map.of("payload", "", "address", "", "any", false))).doesNotThrowAnyException();
    }

    @Test
    void should_name_the_missing_or_mistyped_parameter() {
        assertThatThrownBy(() -> spec.check(Map.of("payload", "{}", "any", 1)))
                .isInstanceOf(JobParameterException.class).hasMessage("missing job parameter 'address'");
        assertThatThrownBy(() -> spec.check(Map.of("payload", 7, "address", "x", "any", 1)))
                .hasMessage("malformed job parameter 'payload', expecting string but got number");
        assertThatThrownBy(() -> spec.check(Map.of("payload", "", "address", "", "any", 1, "count", 1.5)))
                .hasMessage("malformed job parameter 'count', expecting integer but got number");
        assertThatThrownBy(() -> spec.check(Map.of("payload", "", "address", "", "any", 1, "tags", Map.of())))
                .hasMessage("malformed job parameter 'tags', expecting array but got object");
    }

    @Test
    void should_refuse_a_declaration_it_cannot_read() {
        assertThatThrownBy(() -> ParameterSpec.parse("image:text"))
                .hasMessage("params: entry 'image:text' has unknown type 'text' (use string, number, integer, boolean,"
                        + " object or array)");
        assertThatThrownBy(() -> ParameterSpec.parse("a,?:string")).hasMessage("params: entry '?:string' has no parameter name");
        assertThatCode(() -> ParameterSpec.parse("").check(Map.of())).doesNotThrowAnyException();
    }

    @Test
    void should_treat_an_explicit_null_as_missing() {
        HashMap<String, Object> values = new HashMap<>(Map.of("address", "x", "any", 1));
        values.put("payload", null);
        assertThatThrownBy(() -> spec.check(values)).isInstanceOf(JobParameterException.class)
                .hasMessage("missing job parameter 'payload'");
    }
}
