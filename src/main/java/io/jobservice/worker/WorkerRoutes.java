package io.jobservice.worker;

import io.jobservice.queue.FetchedJob;
import org.apache.camel.builder.RouteBuilder;

/**
 * The worker route: a SEDA queue whose concurrent consumers are the workers ({@code worker_pool.workers}). The
 * dispatcher hands each fetched job to it; durability is in Redis (the in-progress list), SEDA is only the
 * concurrency cap.
 */
public final class WorkerRoutes extends RouteBuilder {

    /** Producer and consumer use this one URI. */
    public static final String WORKER_QUEUE = "seda:worker-jobs?concurrentConsumers={{jobservice.pool.workers}}"
            + "&size={{jobservice.pool.workers}}&blockWhenFull=true";

    private final JobRunner runner;
    private final JobDispatcher dispatcher;

    public WorkerRoutes(JobRunner runner, JobDispatcher dispatcher) {
        this.runner = runner;
        this.dispatcher = dispatcher;
    }

    @Override
    public void configure() {
        from(WORKER_QUEUE).routeId("worker-run")
                .process(exchange -> dispatcher.attemptEnded(runner.run(exchange.getMessage().getBody(FetchedJob.class))));
    }
}
