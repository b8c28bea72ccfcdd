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
        context.addComponent(JobComponent.SCHEME, new JobComponent(
                context.getRegistry().mandatoryFindSingleByType(JobRegistry.class),
                context.getRegistry().mandatoryFindSingleByType(Clock.class)));
        context.getCamelContextExtension().addInterceptStrategy(new StopBetweenSteps());
        context.getCamelContextExtension().addLogListener(new JobLogListener());
    }
}
