package io.jobservice.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.jobservice.job.JobContext;
import io.jobservice.job.JobKind;
import io.jobservice.job.JobLogger;

/** A job context that records check-ins and log lines, and can be told to stop, for tests of job types alone. */
public final class RecordingJobContext implements JobContext {

    public final List<String> checkIns = new CopyOnWriteArrayList<>();
    public final List<String> logLines = new CopyOnWriteArrayList<>();
    private final String jobName;
    private volatile boolean stop;

    public RecordingJobContext(String jobName) {
        this.jobName = jobName;
    }

    /** From now on the run is told to stop. */
    public void stop() {
        stop = true;
    }

    @Override
    public String jobId() {
        return "0123456789abcdef01234567";
    }

    @Override
    public String jobName() {
        return jobName;
    }

    @Override
    public JobKind kind() {
        return JobKind.GENERIC;
    }

    @Override
    public long revision() {
        return 42;
    }

    @Override
    public void checkIn(String message) {
        checkIns.add(message);
    }

    @Override
    public boolean stopRequested() {
        return stop;
    }

    @Override
    public boolean stopSignalled() {
        return stop;
    }

    @Override
    public JobLogger logger() {
        return new JobLogger() {
            @Override
            public void debug(String message) {
                logLines.add("DEBUG " + message);
            }

            @Override
            public void info(String message) {
                logLines.add("INFO " + message);
            }

            @Override
            public void warning(String message) {
                logLines.add("WARNING " + message);
            }

            @Override
            public void error(String message) {
                logLines.add("ERROR " + message);
            }

            @Override
            public void fatal(String message) {
                logLines.add("FATAL " + message);
            }
        };
    }
}
