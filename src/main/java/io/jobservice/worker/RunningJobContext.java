package io.jobservice.worker;

import java.time.Clock;

import io.jobservice.job.JobContext;
import io.jobservice.job.JobLogger;
import io.jobservice.job.JobStatus;
import io.jobservice.queue.JobStatsStore;

/** The {@link JobContext} of one attempt, backed by the job's stats in Redis. */
final class RunningJobContext implements JobContext {

    private final String jobId;
    private final String workerId;
    private final RunningJobs.Run run;
    private final JobStatsStore stats;
    private final JobLogger logger;
    private final Clock clock;

    RunningJobContext(String jobId, String workerId, RunningJobs.Run run, JobStatsStore stats, JobLogger logger,
                      Clock clock) {
        this.jobId = jobId;
        this.workerId = workerId;
        this.run = run;
        this.stats = stats;
        this.logger = logger;
        this.clock = clock;
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public void checkIn(String message) {
        if (message == null || message.isEmpty()) {
            throw new IllegalArgumentException("check-in message must not be empty");
        }
        stats.checkIn(jobId, workerId, message, clock.millis() / 1000);
    }

    @Override
    public boolean stopRequested() {
        // the watcher's flag covers stops, time-outs and take-overs; the read sees an API stop at once
        return run.stopReason() != null || stats.status(jobId) == JobStatus.STOPPED;
    }

    @Override
    public JobLogger logger() {
        return logger;
    }
}
