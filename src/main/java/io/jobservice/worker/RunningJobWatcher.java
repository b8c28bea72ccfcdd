package io.jobservice.worker;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.jobservice.job.JobStatus;
import io.jobservice.queue.JobStatsStore;
import io.jobservice.queue.RedisAccessException;
import io.jobservice.queue.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes stops effective (decisions D5): twice a second it reads the status of every attempt running on this node
 * in one pipelined round trip and asks an attempt to stop when its job was Stopped, restarted elsewhere, or ran past
 * its type's {@code maxRunSeconds}. A job that does not return by itself within the grace period has its thread
 * interrupted.
 */
public final class RunningJobWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RunningJobWatcher.class);

    private final RunningJobs running;
    private final JobStatsStore stats;
    private final Clock clock;
    private final long graceMs;

    public RunningJobWatcher(RunningJobs running, JobStatsStore stats, Clock clock, long graceMs) {
        this.running = running;
        this.stats = stats;
        this.clock = clock;
        this.graceMs = graceMs;
    }

    public void runOnce() {
        List<RunningJobs.Run> runs = new ArrayList<>(running.all());
        if (runs.isEmpty()) {
            return;
        }
        long now = clock.millis();
        for (RunningJobs.Run run : runs) {
            if (run.pastDeadline(now)) {
                run.requestStop(RunningJobs.StopReason.TIMED_OUT, now);
            }
        }
        try {
            List<JobStatsStore.StatusAndRevision> current = stats.statusesAndRevisions(
                    runs.stream().map(RunningJobs.Run::jobId).toList());
            for (int i = 0; i < runs.size(); i++) {
                RunningJobs.Run run = runs.get(i);
                JobStatsStore.StatusAndRevision stored = current.get(i);
                if (stored.status() == JobStatus.STOPPED) {
                    run.requestStop(RunningJobs.StopReason.STOPPED, now);
                } else if (stored.revision() > run.revision()) {
                    run.requestStop(RunningJobs.StopReason.TAKEN_OVER, now);
                }
            }
        } catch (RedisAccessException e) {
            LOG.debug("Cannot check running jobs: {}", RedisConnector.rootMessage(e));
        }
        for (RunningJobs.Run run : runs) {
            if (run.stopReason() != null) {
                run.interruptAfter(graceMs, now);
            }
        }
    }
}
