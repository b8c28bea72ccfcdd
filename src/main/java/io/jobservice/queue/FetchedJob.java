package io.jobservice.queue;

import io.jobservice.job.JobStats;

/**
 * A job taken from a queue for one worker.
 *
 * @param workerId  the worker slot it was handed to
 * @param queueName the job type whose queue it came from
 * @param json     the job's JSON exactly as it was in the queue (needed to remove it from in-progress)
 * @param job      the parsed job, or null when its JSON was malformed
 * @param action   what the fetch decided
 * @param stats    its stats after the fetch (status Running for {@link Action#RUN}), or null
 */
public record FetchedJob(String workerId, String queueName, String json, QueuedJob job, Action action, JobStats stats) {

    /** What the fetch script decided for a job (see fetch.lua). */
    public enum Action {
        /** Marked Running: run it. */
        RUN,
        /** Stopped before it started: drop it without running. */
        SKIP,
        /** Already Success: nothing to run. */
        DONE,
        /** No stats (yet): a writer may save them just after queueing (contract 3.5 step 2). */
        NO_STATS,
        /** Malformed JSON or an unknown status. */
        INVALID
    }

}
