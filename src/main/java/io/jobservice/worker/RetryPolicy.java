package io.jobservice.worker;

import io.jobservice.job.Job;

/** Whether a failed attempt is retried: Harbor's {@code MaxFails} and {@code ShouldRetry} (contract 9.1, 10.3). */
final class RetryPolicy {

    private RetryPolicy() {
    }

    /** Whether another attempt follows the failed attempt number {@code fails} (counted from 1). */
    static boolean shouldRetry(Job job, long fails) {
        int maxFails = job.maxFails() <= 0 ? Job.DEFAULT_MAX_FAILS : job.maxFails();
        return job.shouldRetry() && maxFails - fails > 0;
    }

}
