package io.jobservice.jobcomponent;

import java.time.Clock;

import io.jobservice.job.JobRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Adds the {@code job:} component before any route is built, so routes can define job types; with it, the steps
 * of a job route stop between steps when the job is asked to stop, and its log steps write to the job's log.
 */
public final class JobComponentWiring implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        install(context, context.getRegistry().mandatoryFindSingleByType(JobRegistry.class),
                context.getRegistry().mandatoryFindSingleByType(Clock.class));
    }

    /** Adds the component, the stop between steps and the job log listener to {@code context}. */
    public static void install(CamelContext context, JobRegistry registry, Clock clock) {
        context.addComponent(JobComponent.SCHEME, new JobComponent(registry, clock));
        context.getCamelContextExtension().addInterceptStrategy(new StopBetweenSteps());
        context.getCamelContextExtension().addLogListener(new JobLogListener());
    }
}
