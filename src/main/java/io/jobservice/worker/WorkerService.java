package io.jobservice.worker;

import java.time.Duration;
import java.util.Collection;
import java.util.function.Supplier;

import io.jobservice.queue.JobQueue;
import io.jobservice.queue.RedisAccessException;
import io.jobservice.queue.RedisConnector;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops the worker pool around the Camel context: fetching starts once the routes run; at shutdown
 * fetching stops first, running jobs get up to {@code shutdownTimeout} to finish, and whatever this pool still
 * holds goes back on its queues before the heartbeat is removed, so a restart loses nothing.
 */
public final class WorkerService extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerService.class);

    private final WorkerPool pool;
    private final JobDispatcher dispatcher;
    private final JobQueue queue;
    private final Heartbeater heartbeater;
    private final Supplier<Collection<String>> jobNames;
    private final Duration shutdownTimeout;
    private final ExecutorServiceManager executors;

    public WorkerService(WorkerPool pool, JobDispatcher dispatcher, JobQueue queue, Heartbeater heartbeater,
                         Supplier<Collection<String>> jobNames, Duration shutdownTimeout,
                         ExecutorServiceManager executors) {
        this.executors = executors;
        this.pool = pool;
        this.dispatcher = dispatcher;
        this.queue = queue;
        this.heartbeater = heartbeater;
        this.jobNames = jobNames;
        this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    protected void doStart() {
        heartbeater.runOnce();
        dispatcher.start(executors);
        LOG.info("Worker pool {} started with {} workers", pool.poolId(), pool.concurrency());
    }

    /** Stops fetching, lets running jobs finish within the timeout, requeues the rest, removes the heartbeat. */
    @Override
    protected void doStop() {
        dispatcher.stopFetching();
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        while (pool.busyWorkers() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        dispatcher.close();
        heartbeater.stop();
        if (pool.busyWorkers() > 0) {
            LOG.warn("{} jobs still running after {} s; they are requeued and will run again", pool.busyWorkers(),
                    shutdownTimeout.toSeconds());
        }
        try {
            long requeued = queue.requeueInProgress(pool.poolId(), jobNames.get());
            if (requeued > 0) {
                LOG.info("Requeued {} unfinished jobs of pool {}", requeued, pool.poolId());
            }
        } catch (RedisAccessException e) {
            LOG.warn("Cannot requeue the jobs of pool {} ({}); a live node's reaper returns them",
                    pool.poolId(), RedisConnector.rootMessage(e));
        }
        LOG.info("Worker pool {} stopped", pool.poolId());
    }
}
