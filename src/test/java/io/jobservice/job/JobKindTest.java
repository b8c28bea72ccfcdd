package io.jobservice.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobKindTest {

    @Test
    void should_map_harbor_wire_names_to_kinds() {
        assertThat(JobKind.fromWire("Generic")).isEqualTo(JobKind.GENERIC);
        assertThat(JobKind.fromWire("Scheduled")).isEqualTo(JobKind.SCHEDULED);
        assertThat(JobKind.fromWire("Periodic")).isEqualTo(JobKind.PERIODIC);
        assertThat(JobKind.values()).extracting(JobKind::wireName).containsExactly("Generic", "Scheduled", "Periodic");
    }

    @ParameterizedTest
    @ValueSource(strings = {"generic", "PERIODIC", "", "Cron"})
    void should_be_case_sensitive_and_know_nothing_else(String name) {
        assertThat(JobKind.fromWire(name)).isNull();
    }

    @Test
    void should_not_know_a_null_kind() {
        assertThat(JobKind.fromWire(null)).isNull();
    }
}
