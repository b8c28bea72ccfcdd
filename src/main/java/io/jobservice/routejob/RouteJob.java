package io.jobservice.routejob;

import java.util.LinkedHashMap;
import java.util.Map;

import io.jobservice.job.Job;
import io.jobservice.job.JobContext;
import io.jobservice.job.JobParameterException;
import org.apache.camel.Exchange;

/**
 * A job type whose work is a route: a run sends one exchange through the route on the worker's thread. The route
 * completing means Success; an exception left on the exchange is the attempt's failure.
 */
final class RouteJob implements Job {

    private final JobEndpoint endpoint;
    private final JobConsumer consumer;

    RouteJob(JobEndpoint endpoint, JobConsumer consumer) {
        this.endpoint = endpoint;
        this.consumer = consumer;
    }

    @Override
    public int maxFails() {
        return endpoint.getMaxFails();
    }

    @Override
    public int maxConcurrency() {
        return endpoint.getMaxConcurrency();
    }

    @Override
    public boolean shouldRetry() {
        return endpoint.isShouldRetry();
    }

    @Override
    public int priority() {
        return endpoint.getPriority();
    }

    @Override
    public long maxRunSeconds() {
        return endpoint.getMaxRunSeconds();
    }

    @Override
    public void validate(Map<String, Object> parameters) throws JobParameterException {
        endpoint.parameterSpec().check(parameters);
    }

    @Override
    public void run(JobContext context, Map<String, Object> parameters) throws Exception {
        Exchange exchange = consumer.createExchange(false);
        Exception failure;
        try {
            exchange.getMessage().setBody(new LinkedHashMap<>(parameters));
            JobVariables.set(exchange, context);
            consumer.getProcessor().process(exchange);
            failure = exchange.getException();
        } finally {
            consumer.releaseExchange(exchange, false);
        }
        if (failure != null) {
            throw failure;
        }
    }
}
