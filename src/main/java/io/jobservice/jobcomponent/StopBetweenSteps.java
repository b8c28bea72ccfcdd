package io.jobservice.jobcomponent;

import io.jobservice.job.JobContext;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;

/**
 * Ends a route job's exchange at its next step once its run has been told to stop (a stop request, a time-out or a
 * take-over), so a stopped route job does not carry on with its remaining steps (decisions D5). Only the steps of
 * routes starting from {@code job:} are wrapped; the check reads no Redis.
 */
public final class StopBetweenSteps implements InterceptStrategy {

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        RouteDefinition route = ProcessorDefinitionHelper.getRoute(definition);
        if (route == null || route.getInput() == null
                || !route.getInput().getEndpointUri().startsWith(JobComponent.SCHEME + ":")) {
            return target;
        }
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                JobContext job = JobVariables.context(exchange);
                if (job != null && job.stopSignalled()) {
                    exchange.setRouteStop(true);
                    callback.done(true);
                    return true;
                }
                return super.process(exchange, callback);
            }
        };
    }
}
