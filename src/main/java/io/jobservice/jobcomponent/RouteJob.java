package io.jobservice.jobcomponent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

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
    private final AtomicInteger running = new AtomicInteger();

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
    public long retryDelaySeconds(long fails) {
        return endpoint.retryDelayAfter(fails);
    }

    @Override
    public long maxRunSeconds() {
        return endpoint.getMaxRunSeconds();
    }

    @Override
    public void validate(Map<String, Object> parameters) throws JobParameterException {
        endpoint.parameterSpec().check(parameters);
    }

    /** Runs of this type in progress on this node. */
    int running() {
        return running.get();
    }

    @Override
    public void run(JobContext context, Map<String, Object> parameters) throws Exception {
        running.incrementAndGet();
        Exchange exchange = consumer.createExchange(false);
        Exception failure;
        try {
            exchange.getMessage().setBody(new LinkedHashMap<>(parameters));
            JobVariables.set(exchange, context);
            consumer.getProcessor().process(exchange);
            failure = exchange.getException();
        } finally {
            consumer.releaseExchange(exchange, false);
            running.decrementAndGet();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
