package io.jobservice.worker;

import java.time.Clock;
import java.util.function.BooleanSupplier;

import io.jobservice.job.Job;
import io.jobservice.job.JobRegistry;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.jobservice.queue.FetchedJob;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.JobStatsStore;
import io.jobservice.queue.QueuedJob;
import io.jobservice.queue.RedisConnector;
import io.lettuce.core.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one fetched job on the calling worker thread and records the outcome (Harbor's runner, contract 3.5): the
 * job's {@link Job#run} ends in Success, or in Error with a retry when the type allows one. The attempt is always
 * completed in Redis before the worker slot is given back; while Redis is unreachable that completion is retried.
 */
public final class JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    /** Harbor waits about 7 s for stats saved just after the job was queued (contract 3.5 step 2). */
    private static final long[] STATS_WAIT_MS = {500, 1055, 1388, 1499, 1388, 1055};

    private final WorkerPool pool;
    private final JobQueue queue;
    private final JobStatsStore stats;
    private final JobRegistry registry;
    private final Clock clock;
    private final BooleanSupplier shuttingDown;

    public JobRunner(WorkerPool pool, JobQueue queue, JobStatsStore stats, JobRegistry registry, Clock clock,
                     BooleanSupplier shuttingDown) {
        this.pool = pool;
        this.queue = queue;
        this.stats = stats;
        this.registry = registry;
        this.clock = clock;
        this.shuttingDown = shuttingDown;
    }

    /** Runs the job (or drops it, per the fetch's decision) and frees its worker. */
    public void run(FetchedJob fetched) {
        try {
            switch (fetched.action()) {
                case RUN -> runAttempt(fetched, fetched.stats());
                case NO_STATS -> runWhenStatsAppear(fetched);
                case SKIP -> {
                    LOG.info("Job {} was stopped before it started; skipped", fetched.job().trackingId());
                    complete(fetched, null, 0, 0, null);
                }
                case DONE -> complete(fetched, null, 0, 0, null);
                case INVALID -> {
                    LOG.error("Dropping job with malformed JSON or unknown status from queue {}: {}",
                            fetched.queueName(), abbreviate(fetched.json()));
                    complete(fetched, null, 0, 0, null);
                }
            }
        } finally {
            pool.release(fetched.workerId());
        }
    }

    private void runWhenStatsAppear(FetchedJob fetched) {
        String id = fetched.job().trackingId();
        for (long waitMs : STATS_WAIT_MS) {
            sleep(waitMs);
            JobStats found = stats.get(id);
            if (found != null) {
                if (stats.setStatus(id, JobStatus.RUNNING, found.revision(), now()) == JobStatsStore.WriteResult.OK) {
                    runAttempt(fetched, stats.get(id));
                } else {
                    LOG.info("Job {} is {}; not run", id, found.status().wireName());
                    complete(fetched, null, 0, 0, null);
                }
                return;
            }
        }
        LOG.error("failed to get job tracker for job {}: its stats do not exist; job dropped", id);
        complete(fetched, null, 0, 0, null);
    }

    private void runAttempt(FetchedJob fetched, JobStats jobStats) {
        QueuedJob queued = fetched.job();
        if (queued.unique()) {
            releaseUnique(queued);
        }
        Job job = registry.get(queued.name());
        if (job == null) {
            LOG.error("Job {} has unknown type '{}'; marked Error", jobStats.id(), queued.name());
            complete(fetched, JobStatus.ERROR, jobStats.revision(), 0, null);
            pool.recordOutcome(false);
            return;
        }
        RunningJobContext context = new RunningJobContext(jobStats.id(), fetched.workerId(), stats,
                new Slf4jJobLogger(jobStats.id()), clock);
        Throwable failure = null;
        try {
            job.run(context, queued.parameters());
        } catch (Throwable t) {
            failure = t;
        }
        if (failure == null) {
            complete(fetched, JobStatus.SUCCESS, jobStats.revision(), 0, null);
            pool.recordOutcome(true);
            return;
        }
        long fails = queued.fails() + 1;
        boolean retry = RetryPolicy.shouldRetry(job, fails);
        LOG.warn("Job {} ({}) failed on attempt {}{}: {}", jobStats.id(), queued.name(), fails,
                retry ? ", will retry" : "", failure.toString());
        long retryAt = retry ? now() + RetryPolicy.backoffSeconds(fails) : 0;
        QueuedJob retryJob = retry ? new QueuedJob(queued.name(), queued.id(), queued.t(), queued.args(),
                queued.unique(), fails, failure.toString(), now()) : null;
        complete(fetched, JobStatus.ERROR, jobStats.revision(), retryAt, retryJob);
        pool.recordOutcome(false);
    }

    /** Completes the attempt, retrying while Redis is unreachable unless the service is stopping. */
    private void complete(FetchedJob fetched, JobStatus status, long revision, long retryAt, QueuedJob retryJob) {
        long backoffMs = 100;
        while (true) {
            try {
                queue.complete(pool.poolId(), fetched, status, revision, now(), retryAt, retryJob);
                return;
            } catch (RedisException e) {
                if (shuttingDown.getAsBoolean()) {
                    LOG.warn("Cannot complete job {} while stopping ({}); it stays in progress and is requeued later",
                            fetched.job() == null ? "?" : fetched.job().trackingId(), RedisConnector.rootMessage(e));
                    return;
                }
                LOG.warn("Cannot complete job {} yet, Redis is unreachable ({}); retrying",
                        fetched.job() == null ? "?" : fetched.job().trackingId(), RedisConnector.rootMessage(e));
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
    }

    private void releaseUnique(QueuedJob queued) {
        try {
            queue.releaseUnique(queued);
        } catch (RedisException e) {
            // the key expires within a day anyway; running the job matters more
            LOG.warn("Cannot release the unique key of job {}: {}", queued.id(), RedisConnector.rootMessage(e));
        }
    }

    private long now() {
        return clock.millis() / 1000;
    }

    private static String abbreviate(String text) {
        return text.length() <= 256 ? text : text.substring(0, 256) + "...";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
