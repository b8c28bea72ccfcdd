package io.jobservice.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
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

    @Test
    void should_remember_removed_names_after_the_grace_until_they_come_back() {
        JobRegistry registry = new JobRegistry().register("ROUTED", NOOP);
        Job stranger = (context, parameters) -> { };

        registry.unregister("ROUTED", stranger, 1_000);
        assertThat(registry.get("ROUTED")).as("only the registered instance is removed").isSameAs(NOOP);

        registry.unregister("ROUTED", NOOP, 1_000);
        assertThat(registry.get("ROUTED")).isNull();
        assertThat(registry.removedNames(2_999, 2_000)).as("within the grace").isEmpty();
        assertThat(registry.removedNames(3_000, 2_000)).containsExactly("ROUTED");

        registry.register("ROUTED", stranger);
        assertThat(registry.removedNames(9_000, 2_000)).isEmpty();
    }

    @Test
    void should_tell_listeners_and_wake_waiters_when_a_removed_type_comes_back() throws Exception {
        JobRegistry registry = new JobRegistry();
        List<String> events = new CopyOnWriteArrayList<>();
        registry.addListener(new JobRegistry.Listener() {
            @Override
            public void registered(String name, Job job) {
                events.add("+" + name);
            }

            @Override
            public void unregistered(String name) {
                events.add("-" + name);
            }
        });
        registry.register("LATE", NOOP);
        registry.unregister("LATE", NOOP, 1_000);
        Clock withinGrace = fixedAt(1_500);
        CompletableFuture<Job> waiting = CompletableFuture
                .supplyAsync(() -> registry.await("LATE", withinGrace));
        Awaitility.await().during(Duration.ofMillis(200))
                .atMost(Duration.ofSeconds(1)).until(() -> !waiting.isDone());
        registry.register("LATE", NOOP);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isSameAs(NOOP);
        registry.unregister("LATE", NOOP, 1_000);
        assertThat(events).containsExactly("+LATE", "-LATE", "+LATE", "-LATE");

        Clock pastGrace = fixedAt(3_000);
        assertThat(registry.await("LATE", pastGrace)).as("gone for longer than the grace").isNull();
        assertThat(registry.await("NEVER", withinGrace)).as("never known").isNull();
    }

    @Test
    void should_not_give_up_a_type_while_route_files_are_being_applied() {
        JobRegistry registry = new JobRegistry().register("EDITED", NOOP);

        registry.beginReplacement();
        registry.unregister("EDITED", NOOP, 1_000);
        assertThat(registry.removedNames(60_000, 2_000)).as("during the replacement").isEmpty();
        assertThat(registry.get("EDITED")).isNull();
        assertThat(registry.forSubmit("EDITED")).as("submissions still accepted").isSameAs(NOOP);
        registry.endReplacement(60_000);
        assertThat(registry.forSubmit("EDITED")).isNull();

        assertThat(registry.removedNames(61_999, 2_000)).as("counted from the end of the replacement").isEmpty();
        assertThat(registry.removedNames(62_000, 2_000)).containsExactly("EDITED");
    }

    private static Clock fixedAt(long epochMs) {
        return Clock.fixed(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
    }
}
