package io.jobservice.jobcomponent;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.jobservice.job.Job;
import io.jobservice.job.JobRegistry;
import io.jobservice.support.RecordingJobContext;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routes starting from {@code job:} in a CamelTestSupport context wired as the service wires it (the component, the
 * stop-between-steps strategy and the job log listener): what their steps see, where their log steps go, and how
 * a stop of the route waits for the job running in it.
 */
class JobRoutesTest extends CamelTestSupport {

    final JobRegistry registry = new JobRegistry();
    final CountDownLatch slowStarted = new CountDownLatch(1);
    final CountDownLatch slowRelease = new CountDownLatch(1);

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        JobComponentWiring.install(context, registry, Clock.systemUTC());
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("job:STEPS").routeId("job-steps").to("mock:steps");
                from("job:LOGGING").routeId("job-logging")
                        .log("info ${body[n]}")
                        .log(LoggingLevel.WARN, "warn ${body[n]}")
                        .log(LoggingLevel.ERROR, "error ${body[n]}");
                from("job:STOPPING").routeId("job-stopping")
                        .to("mock:before-stop")
                        .process(exchange -> ((RecordingJobContext) JobVariables.context(exchange)).stop())
                        .to("mock:after-stop");
                // not a job route: a job context in its variables is not a reason to skip its steps
                from("direct:not-a-job").routeId("not-a-job")
                        .process(exchange -> {
                            RecordingJobContext stopped = new RecordingJobContext("NONE");
                            stopped.stop();
                            exchange.setVariable(JobVariables.JOB_CONTEXT, stopped);
                        })
                        .to("mock:not-a-job");
                from("job:SLOW").routeId("job-slow")
                        .process(exchange -> {
                            slowStarted.countDown();
                            slowRelease.await(5, TimeUnit.SECONDS);
                        })
                        .to("mock:slow-done");
            }
        };
    }

    @Test
    void should_give_the_steps_the_parameters_as_the_body_and_the_job_as_variables_without_headers() throws Exception {
        MockEndpoint steps = getMockEndpoint("mock:steps");
        steps.expectedBodiesReceived(new HashMap<>(Map.of("image", "demo:1")));
        steps.expectedVariableReceived(JobVariables.JOB_ID, "0123456789abcdef01234567");
        steps.expectedVariableReceived(JobVariables.JOB_NAME, "STEPS");
        steps.expectedVariableReceived(JobVariables.JOB_KIND, "Generic");
        steps.expectedVariableReceived(JobVariables.JOB_REVISION, 42L);

        registry.get("STEPS").run(new RecordingJobContext("STEPS"), Map.of("image", "demo:1"));

        steps.assertIsSatisfied();
        assertThat(steps.getReceivedExchanges().get(0).getMessage().getHeaders()).isEmpty();
    }

    @Test
    void should_write_the_log_steps_into_the_job_log_at_their_levels() throws Exception {
        RecordingJobContext job = new RecordingJobContext("LOGGING");

        registry.get("LOGGING").run(job, Map.of("n", 7));

        assertThat(job.logLines).containsExactly("INFO info 7", "WARNING warn 7", "ERROR error 7");
    }

    @Test
    void should_skip_the_remaining_steps_of_a_stopped_job_and_only_of_job_routes() throws Exception {
        getMockEndpoint("mock:before-stop").expectedMessageCount(1);
        getMockEndpoint("mock:after-stop").expectedMessageCount(0);
        getMockEndpoint("mock:not-a-job").expectedMessageCount(1);

        registry.get("STOPPING").run(new RecordingJobContext("STOPPING"), Map.of());
        template.sendBody("direct:not-a-job", "x");

        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void should_take_no_new_job_once_its_route_stops_but_let_the_running_one_finish() throws Exception {
        CountDownLatch unregistered = new CountDownLatch(1);
        registry.addListener(new JobRegistry.Listener() {
            @Override
            public void registered(String name, Job job) {
            }

            @Override
            public void unregistered(String name) {
                unregistered.countDown();
            }
        });
        MockEndpoint done = getMockEndpoint("mock:slow-done");
        done.expectedMessageCount(1);
        Job slow = registry.get("SLOW");
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> runQuietly(slow));
        assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> stopRoute("job-slow"));

        assertThat(unregistered.await(5, TimeUnit.SECONDS)).as("the type goes as the stop begins").isTrue();
        assertThat(registry.get("SLOW")).isNull();
        assertThat(stop).as("the stop waits for the running job").isNotDone();
        slowRelease.countDown();
        run.get(5, TimeUnit.SECONDS);
        stop.get(5, TimeUnit.SECONDS);
        done.assertIsSatisfied();
        assertThat(context.getRouteController().getRouteStatus("job-slow")).isEqualTo(ServiceStatus.Stopped);
    }

    static void runQuietly(Job job) {
        try {
            job.run(new RecordingJobContext("SLOW"), Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void stopRoute(String routeId) {
        try {
            context.getRouteController().stopRoute(routeId);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
