package io.jobservice.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JobRegistryTest {

    private static final Job NOOP = (context, parameters) -> { };

    @Test
    void should_return_the_job_registered_under_a_name() {
        JobRegistry registry = new JobRegistry().register("DEMO", NOOP);

        assertThat(registry.get("DEMO")).isSameAs(NOOP);
    }

    @Test
    void should_return_null_for_unknown_and_null_names() {
        JobRegistry registry = new JobRegistry().register("DEMO", NOOP);

        assertThat(registry.get("demo")).isNull();
        assertThat(registry.get("NOPE")).isNull();
        assertThat(registry.get(null)).isNull();
    }

    @Test
    void should_refuse_a_name_registered_twice() {
        JobRegistry registry = new JobRegistry().register("DEMO", NOOP);
        Job other = (context, parameters) -> { };

        assertThatThrownBy(() -> registry.register("DEMO", other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DEMO");
        assertThat(registry.get("DEMO")).isSameAs(NOOP);
    }

    @Test
    void should_refuse_a_blank_name() {
        JobRegistry registry = new JobRegistry();

        assertThatThrownBy(() -> registry.register(" ", NOOP)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.register(null, NOOP)).isInstanceOf(IllegalArgumentException.class);
        assertThat(registry.names()).isEmpty();
    }

    @Test
    void should_list_names_sorted() {
        JobRegistry registry = new JobRegistry()
                .register("SLACK", NOOP)
                .register("DEMO", (context, parameters) -> { })
                .register("NOOP", (context, parameters) -> { });

        assertThat(registry.names()).containsExactly("DEMO", "NOOP", "SLACK");
    }
}
