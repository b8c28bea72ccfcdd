package io.jobservice.queue;

import io.jobservice.job.JobStatus;

/**
 * How one attempt of a fetched job ended, to be recorded in Redis.
 *
 * @param fetched  the job as fetched
 * @param status   the final status to write, or null to write none (skipped or dropped jobs)
 * @param revision the revision of the run, for the compare-and-set
 * @param retryAt  unix time of the retry, or 0 for none
 * @param retryJob the job to put in the retry zset when {@code retryAt > 0}
 */
public record AttemptOutcome(FetchedJob fetched, JobStatus status, long revision, long retryAt, QueuedJob retryJob) {

    /** An attempt that writes no status: the job is only taken out of the in-progress list. */
    public static AttemptOutcome dropped(FetchedJob fetched) {
        return new AttemptOutcome(fetched, null, 0, 0, null);
    }
}
