package io.jobservice.jobcomponent;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.jobservice.job.Job;
import io.jobservice.job.JobParameterException;
import io.jobservice.job.JobRegistry;
import io.jobservice.support.RecordingJobContext;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The job: component in a real Camel context, with Java DSL routes. */
class JobComponentTest {

    final JobRegistry registry = new JobRegistry();
    CamelContext context;

    @BeforeEach
    void startCamel() {
        context = new DefaultCamelContext();
        context.addComponent(JobComponent.SCHEME, new JobComponent(registry, Clock.systemUTC()));
        context.getCamelContextExtension().addInterceptStrategy(new StopBetweenSteps());
        context.getCamelContextExtension().addLogListener(new JobLogListener());
        context.start();
    }

    @AfterEach
    void stopCamel() throws Exception {
        context.close();
    }

    void addRoute(String uri, Consumer<RouteDefinition> steps) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                steps.accept(from(uri).routeId("job-under-test"));
            }
        });
    }

    @Test
    void should_register_the_route_as_a_job_type_with_its_knobs_while_it_runs() throws Exception {
        addRoute("job:JAVA_TYPE?maxFails=2&maxConcurrency=1&shouldRetry=false&priority=7&maxRunSeconds=30"
                + "&params=image:string", route -> route.log("ran"));

        Job job = registry.get("JAVA_TYPE");
        assertThat(job).isNotNull();
        assertThat(List.of(job.maxFails(), job.maxConcurrency(), job.priority())).containsExactly(2, 1, 7);
        assertThat(job.shouldRetry()).isFalse();
        assertThat(job.maxRunSeconds()).isEqualTo(30);
        assertThatThrownBy(() -> job.validate(Map.of())).isInstanceOf(JobParameterException.class)
                .hasMessage("missing job parameter 'image'");

        context.getRouteController().stopRoute("job-under-test");
        assertThat(registry.get("JAVA_TYPE")).isNull();
        context.getRouteController().startRoute("job-under-test");
        assertThat(registry.get("JAVA_TYPE")).isNotNull();
        context.removeRoute("job-under-test");
    }

    @Test
    void should_back_off_as_the_route_says_or_as_gocraft_does() throws Exception {
        addRoute("job:BACK_OFF?retryDelaySeconds=10&maxRetryDelaySeconds=60", route -> route.log("ran"));
        Job doubling = registry.get("BACK_OFF");
        assertThat(List.of(1L, 2L, 3L, 4L, 5L).stream().map(doubling::retryDelaySeconds))
                .containsExactly(10L, 20L, 40L, 60L, 60L);
        context.getRouteController().stopRoute("job-under-test");
        context.removeRoute("job-under-test");

        addRoute("job:HUGE?retryDelaySeconds=" + (Long.MAX_VALUE / 4), route -> route.log("ran"));
        assertThat(registry.get("HUGE").retryDelaySeconds(10)).as("saturated, not negative").isEqualTo(Long.MAX_VALUE);
        context.getRouteController().stopRoute("job-under-test");
        context.removeRoute("job-under-test");

        addRoute("job:GOCRAFT", route -> route.log("ran"));
        // fails^4 + 15 + rand[0,29] * (fails + 1), as a Java job type's default
        assertThat(registry.get("GOCRAFT").retryDelaySeconds(2)).isBetween(31L, 31L + 29 * 3);
        assertThatThrownBy(() -> context.getEndpoint("job:BAD?retryDelaySeconds=-1")).rootCause()
                .hasMessageContaining("retryDelaySeconds must be 0 (gocraft's back-off) or more");
    }

    @Test
    void should_run_the_route_with_the_parameters_and_the_job_variables() throws Exception {
        addRoute("job:CARRY", route -> route
                .log("image ${body[image]} for ${variable.jobName} ${variable.jobId} rev ${variable.jobRevision}"
                        + " kind ${variable.jobKind}")
                .script().simple("${variable.jobContext.checkIn('half way')}").end()
                .process(exchange -> JobVariables.context(exchange).checkIn("from java")));
        RecordingJobContext job = new RecordingJobContext("CARRY");

        registry.get("CARRY").run(job, Map.of("image", "demo:1"));

        assertThat(job.logLines).containsExactly(
                "INFO image demo:1 for CARRY 0123456789abcdef01234567 rev 42 kind Generic");
        assertThat(job.checkIns).containsExactly("half way", "from java");
    }

    @Test
    void should_throw_what_the_route_failed_with() throws Exception {
        addRoute("job:FAILING", route -> route.throwException(new IllegalStateException("disk full")));

        assertThatThrownBy(() -> registry.get("FAILING").run(new RecordingJobContext("FAILING"), Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessage("disk full");
    }

    @Test
    void should_skip_the_remaining_steps_once_the_run_is_told_to_stop() throws Exception {
        RecordingJobContext job = new RecordingJobContext("STOPPABLE");
        addRoute("job:STOPPABLE", route -> route
                .process(exchange -> JobVariables.context(exchange).checkIn("one"))
                .process(exchange -> job.stop())
                .process(exchange -> JobVariables.context(exchange).checkIn("two")));

        registry.get("STOPPABLE").run(job, Map.of());

        assertThat(job.checkIns).containsExactly("one");
    }

    @Test
    void should_refuse_bad_options_and_names_with_the_option_named() {
        assertThatThrownBy(() -> context.getEndpoint("job:BAD?priority=0"))
                .hasRootCauseMessage("'job://BAD?priority=0': priority must be 1 or more");
        assertThatThrownBy(() -> context.getEndpoint("job:BAD?params=x:text"))
                .hasRootCauseMessage("params: entry 'x:text' has unknown type 'text' (use string, number, integer,"
                        + " boolean, object or array)");
        assertThatThrownBy(() -> context.getEndpoint("job:NO SPACES")).rootCause()
                .hasMessageContaining("a job type name is letters, digits");
        assertThatThrownBy(() -> context.getEndpoint("job:X").createProducer())
                .hasMessageContaining("jobs are submitted with POST /api/v1/jobs");
    }

    @Test
    void should_refuse_a_second_route_for_a_registered_name() {
        registry.register("TAKEN", (ctx, parameters) -> { });

        assertThatThrownBy(() -> addRoute("job:TAKEN", route -> route.log("never")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("job type 'TAKEN' is already registered");
    }
}
