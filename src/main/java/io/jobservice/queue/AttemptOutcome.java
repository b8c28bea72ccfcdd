package io.jobservice.queue;

import io.jobservice.job.JobStatus;

/**
 * How one attempt of a fetched job ended, to be recorded in Redis.
 *
 * @param fetched  the job as fetched
 * @param status   the final status to write, or null to write none (skipped or dropped jobs)
 * @param revision the revision of the run, for the compare-and-set
 * @param retryAt   unix time of the retry, or 0 for none
 * @param failedJob after a failure, the job with its failure recorded ({@code fails}, {@code err}): it goes to the
 *                  retry zset when {@code retryAt > 0}, else to the dead set; null when the attempt did not fail
 */
public record AttemptOutcome(FetchedJob fetched, JobStatus status, long revision, long retryAt, QueuedJob failedJob) {

    /** An attempt that writes no status: the job is only taken out of the in-progress list. */
    public static AttemptOutcome dropped(FetchedJob fetched) {
        return new AttemptOutcome(fetched, null, 0, 0, null);
    }
}
