package io.jobservice.worker;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The attempts running on this node, by worker, with what is needed to stop them. */
public final class RunningJobs {

    /** Why a running attempt is asked to stop. */
    public enum StopReason {
        /** Its status was set to Stopped (the stop API, on any node). */
        STOPPED,
        /** It ran past its type's {@code maxRunSeconds}. */
        TIMED_OUT,
        /** Its job was requeued and restarted elsewhere (this pool was declared dead). */
        TAKEN_OVER
    }

    /** One running attempt. */
    public static final class Run {
        private final String jobId;
        private final long revision;
        private final Thread thread;
        private final long startedAtMs;
        private final long deadlineMs;
        private volatile StopReason stopReason;
        private volatile long stopRequestedAtMs;
        private volatile boolean interrupted;

        Run(String jobId, long revision, Thread thread, long startedAtMs, long deadlineMs) {
            this.jobId = jobId;
            this.revision = revision;
            this.thread = thread;
            this.startedAtMs = startedAtMs;
            this.deadlineMs = deadlineMs;
        }

        public String jobId() {
            return jobId;
        }

        public long revision() {
            return revision;
        }

        public long startedAtMs() {
            return startedAtMs;
        }

        /** Why it was asked to stop, or null while it may go on. */
        public StopReason stopReason() {
            return stopReason;
        }

        boolean pastDeadline(long nowMs) {
            return deadlineMs > 0 && nowMs >= deadlineMs;
        }

        /** Asks the run to stop; the first reason wins. */
        synchronized void requestStop(StopReason reason, long nowMs) {
            if (stopReason == null) {
                stopReason = reason;
                stopRequestedAtMs = nowMs;
            }
        }

        /** Interrupts the worker thread once the grace period after the stop request is over. */
        synchronized void interruptAfter(long graceMs, long nowMs) {
            if (stopReason != null && !interrupted && nowMs - stopRequestedAtMs >= graceMs) {
                interrupted = true;
                thread.interrupt();
            }
        }
    }

    private final Map<String, Run> byWorker = new ConcurrentHashMap<>();

    /** Records that the calling thread runs this attempt for the worker. */
    Run started(String workerId, String jobId, long revision, long nowMs, long maxRunSeconds) {
        Run run = new Run(jobId, revision, Thread.currentThread(), nowMs,
                maxRunSeconds > 0 ? nowMs + maxRunSeconds * 1000 : 0);
        byWorker.put(workerId, run);
        return run;
    }

    void finished(String workerId) {
        byWorker.remove(workerId);
    }

    public Collection<Run> all() {
        return byWorker.values();
    }

    /** Asks every running attempt to stop at once (this pool lost its jobs to another node). */
    public void stopAll(StopReason reason, long nowMs) {
        byWorker.values().forEach(run -> {
            run.requestStop(reason, nowMs);
            run.interruptAfter(0, nowMs);
        });
    }
}
