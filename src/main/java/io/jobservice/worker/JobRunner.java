package io.jobservice.worker;

import java.time.Clock;
import java.util.concurrent.TimeoutException;

import io.jobservice.job.Job;
import io.jobservice.job.JobRegistry;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.jobservice.logs.JobLogs;
import io.jobservice.logs.RunLog;
import io.jobservice.queue.AttemptOutcome;
import io.jobservice.queue.FetchedJob;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.JobStatsStore;
import io.jobservice.queue.QueuedJob;
import io.jobservice.queue.RedisAccessException;
import io.jobservice.queue.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one fetched job on the calling worker thread (Harbor's runner, contract 3.5) and says how the attempt
 * ended: Success, or Error with a retry when the job type allows one. The {@link JobDispatcher} records the
 * outcome in Redis.
 */
public final class JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    /** Harbor waits about 7 s for stats saved just after the job was queued (contract 3.5 step 2). */
    private static final long[] STATS_WAIT_MS = {500, 1055, 1388, 1499, 1388, 1055};

    private final JobQueue queue;
    private final JobStatsStore stats;
    private final JobRegistry registry;
    private final RunningJobs running;
    private final JobLogs logs;
    private final Clock clock;
    private volatile AttemptListener listener = AttemptListener.NONE;

    public JobRunner(JobQueue queue, JobStatsStore stats, JobRegistry registry, RunningJobs running, JobLogs logs,
                     Clock clock) {
        this.queue = queue;
        this.stats = stats;
        this.registry = registry;
        this.running = running;
        this.logs = logs;
        this.clock = clock;
    }

    /** Sets who is told how attempts end. */
    public JobRunner withListener(AttemptListener listener) {
        this.listener = listener;
        return this;
    }

    /** Runs the job, or drops it per the fetch's decision, and returns how the attempt ended. */
    public AttemptOutcome run(FetchedJob fetched) {
        return switch (fetched.action()) {
            case RUN -> runAttempt(fetched, fetched.stats());
            case NO_STATS -> runWhenStatsAppear(fetched);
            case SKIP -> {
                LOG.info("Job {} was stopped before it started; skipped", fetched.job().trackingId());
                yield AttemptOutcome.dropped(fetched);
            }
            case DONE -> AttemptOutcome.dropped(fetched);
            case INVALID -> {
                LOG.error("Dropping job with malformed JSON or unknown status from queue {}: {}",
                        fetched.queueName(), abbreviate(fetched.json()));
                yield AttemptOutcome.dropped(fetched);
            }
        };
    }

    private AttemptOutcome runWhenStatsAppear(FetchedJob fetched) {
        String id = fetched.job().trackingId();
        try {
            for (long waitMs : STATS_WAIT_MS) {
                Thread.sleep(waitMs);
                JobStats found = stats.get(id);
                if (found != null) {
                    if (stats.setStatus(id, JobStatus.RUNNING, found.revision(), now()) == JobStatsStore.WriteResult.OK) {
                        return runAttempt(fetched, stats.get(id));
                    }
                    LOG.info("Job {} is {}; not run", id, found.status() == null ? "?" : found.status().wireName());
                    return AttemptOutcome.dropped(fetched);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RedisAccessException e) {
            LOG.warn("Cannot read the stats of job {}: {}", id, RedisConnector.rootMessage(e));
        }
        LOG.error("failed to get job tracker for job {}: its stats do not exist; job dropped", id);
        return AttemptOutcome.dropped(fetched);
    }

    private AttemptOutcome runAttempt(FetchedJob fetched, JobStats jobStats) {
        QueuedJob queued = fetched.job();
        if (queued.unique()) {
            releaseUnique(queued);
        }
        // a type whose route is being replaced (an edited file) is back within moments
        Job job = registry.await(queued.name(), clock);
        if (job == null) {
            return unknownType(fetched, jobStats);
        }
        RunningJobs.Run run = running.started(fetched.workerId(), jobStats.id(), jobStats.revision(), clock.millis(),
                job.maxRunSeconds());
        try (RunLog log = logs.open(jobStats.id(), jobStats.revision())) {
            log.info("Job incoming: " + queued.name() + " " + jobStats.id() + " (revision " + jobStats.revision()
                    + ", attempt " + (queued.fails() + 1) + ")");
            RunningJobContext context = new RunningJobContext(jobStats, fetched.workerId(), run, stats, log, clock);
            Throwable failure = null;
            try {
                job.run(context, queued.parameters());
            } catch (Throwable t) {
                failure = t;
            } finally {
                running.finished(fetched.workerId());
                // an interrupt meant for this job must not leak into the worker thread's next job
                Thread.interrupted();
            }
            AttemptOutcome outcome = outcome(fetched, job, jobStats, run.stopReason(), failure);
            long tookMs = clock.millis() - run.startedAtMs();
            listener.attemptEnded(queued.name(), outcome.status() == null ? AttemptListener.Result.STOP
                    : outcome.status() == JobStatus.SUCCESS ? AttemptListener.Result.SUCCESS
                    : AttemptListener.Result.FAIL, tookMs);
            if (failure != null && outcome.status() == JobStatus.ERROR) {
                log.error("Job failed after " + tookMs + " ms: " + failure, failure);
            } else {
                log.info("Job done after " + tookMs + " ms: " + (outcome.status() == null
                        ? "stopped (" + run.stopReason() + ")" : outcome.status().wireName()));
            }
            return outcome;
        }
    }

    /** The job's type went away while it was queued (its route was removed): Error, said in both logs. */
    private AttemptOutcome unknownType(FetchedJob fetched, JobStats jobStats) {
        String message = "job type '" + fetched.job().name() + "' is not registered on this node any more (its route"
                + " was removed or stopped); job " + jobStats.id() + " ends in Error without running";
        LOG.error(message);
        listener.attemptEnded(fetched.job().name(), AttemptListener.Result.FAIL, 0);
        try (RunLog log = logs.open(jobStats.id(), jobStats.revision())) {
            log.error(message);
        }
        return new AttemptOutcome(fetched, JobStatus.ERROR, jobStats.revision(), 0, null);
    }

    private AttemptOutcome outcome(FetchedJob fetched, Job job, JobStats jobStats, RunningJobs.StopReason stop,
                                   Throwable failure) {
        if (stop == RunningJobs.StopReason.STOPPED || stop == RunningJobs.StopReason.TAKEN_OVER) {
            // the stored status already says what happened (Stopped, or a newer run elsewhere): write nothing
            LOG.info("Job {} ended after it was {}", jobStats.id(),
                    stop == RunningJobs.StopReason.STOPPED ? "stopped" : "taken over by another node");
            return AttemptOutcome.dropped(fetched);
        }
        if (stop == RunningJobs.StopReason.TIMED_OUT) {
            return failed(fetched, job, jobStats, new TimeoutException(
                    "run exceeded max_run_seconds of " + job.maxRunSeconds() + " s and was stopped"));
        }
        if (failure != null) {
            return failed(fetched, job, jobStats, failure);
        }
        return new AttemptOutcome(fetched, JobStatus.SUCCESS, jobStats.revision(), 0, null);
    }

    private AttemptOutcome failed(FetchedJob fetched, Job job, JobStats jobStats, Throwable failure) {
        QueuedJob queued = fetched.job();
        long fails = queued.fails() + 1;
        boolean retry = RetryPolicy.shouldRetry(job, fails);
        LOG.warn("Job {} ({}) failed on attempt {}{}: {}", jobStats.id(), queued.name(), fails,
                retry ? ", will retry" : "", failure.toString());
        QueuedJob failedJob = new QueuedJob(queued.name(), queued.id(), queued.t(), queued.args(), queued.unique(),
                fails, failure.toString(), now());
        return new AttemptOutcome(fetched, JobStatus.ERROR, jobStats.revision(),
                retry ? retryAt(job.retryDelaySeconds(fails)) : 0, failedJob);
    }

    /** When the retry is due; a delay too large to add saturates instead of wrapping round to a due-now time. */
    private long retryAt(long delaySeconds) {
        long now = now();
        return delaySeconds > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + Math.max(0, delaySeconds);
    }

    private void releaseUnique(QueuedJob queued) {
        try {
            queue.releaseUnique(queued);
        } catch (RedisAccessException e) {
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
}
