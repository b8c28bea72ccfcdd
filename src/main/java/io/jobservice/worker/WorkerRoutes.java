package io.jobservice.worker;

import java.util.function.Consumer;

import io.jobservice.queue.AttemptOutcome;
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
    private final Consumer<AttemptOutcome> attemptEnded;

    public WorkerRoutes(JobRunner runner, JobDispatcher dispatcher) {
        this(runner, dispatcher::attemptEnded);
    }

    /** The route's own test sees the outcomes here instead of a dispatcher's private list. */
    WorkerRoutes(JobRunner runner, Consumer<AttemptOutcome> attemptEnded) {
        this.runner = runner;
        this.attemptEnded = attemptEnded;
    }

    @Override
    public void configure() {
        from(WORKER_QUEUE).routeId("worker-run")
                .process(exchange -> attemptEnded.accept(runner.run(exchange.getMessage().getBody(FetchedJob.class))));
    }
}
