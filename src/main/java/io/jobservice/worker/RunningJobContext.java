package io.jobservice.worker;

import java.time.Clock;

import io.jobservice.job.JobContext;
import io.jobservice.job.JobKind;
import io.jobservice.job.JobLogger;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.jobservice.queue.JobStatsStore;

/** The {@link JobContext} of one attempt, backed by the job's stats in Redis. */
final class RunningJobContext implements JobContext {

    private final JobStats job;
    private final String workerId;
    private final RunningJobs.Run run;
    private final JobStatsStore stats;
    private final JobLogger logger;
    private final Clock clock;

    RunningJobContext(JobStats job, String workerId, RunningJobs.Run run, JobStatsStore stats, JobLogger logger,
                      Clock clock) {
        this.job = job;
        this.workerId = workerId;
        this.run = run;
        this.stats = stats;
        this.logger = logger;
        this.clock = clock;
    }

    @Override
    public String jobId() {
        return job.id();
    }

    @Override
    public String jobName() {
        return job.name();
    }

    @Override
    public JobKind kind() {
        return job.kind();
    }

    @Override
    public long revision() {
        return job.revision();
    }

    @Override
    public void checkIn(String message) {
        if (message == null || message.isEmpty()) {
            throw new IllegalArgumentException("check-in message must not be empty");
        }
        stats.checkIn(job.id(), workerId, message, clock.millis() / 1000);
    }

    @Override
    public boolean stopRequested() {
        // the watcher's flag covers stops, time-outs and take-overs; the read sees an API stop at once
        if (run.stopReason() != null) {
            return true;
        }
        if (stats.status(job.id()) == JobStatus.STOPPED) {
            // recorded on the run, so a job that returns because of it ends as stopped, not as a success
            run.requestStop(RunningJobs.StopReason.STOPPED, clock.millis());
            return true;
        }
        return false;
    }

    @Override
    public boolean stopSignalled() {
        return run.stopReason() != null;
    }

    @Override
    public JobLogger logger() {
        return logger;
    }
}
