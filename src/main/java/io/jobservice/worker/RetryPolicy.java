package io.jobservice.worker;

import java.util.concurrent.ThreadLocalRandom;

import io.jobservice.job.Job;

/** When a failed attempt is retried: Harbor's {@code MaxFails}/{@code ShouldRetry} and gocraft's back-off (10.3). */
final class RetryPolicy {

    private RetryPolicy() {
    }

    /** Whether another attempt follows the failed attempt number {@code fails} (counted from 1). */
    static boolean shouldRetry(Job job, long fails) {
        int maxFails = job.maxFails() <= 0 ? 4 : job.maxFails();
        return job.shouldRetry() && maxFails - fails > 0;
    }

    /** gocraft's delay after {@code fails} failures: fails^4 + 15 + rand[0,29] * (fails + 1) seconds. */
    static long backoffSeconds(long fails) {
        return fails * fails * fails * fails + 15 + ThreadLocalRandom.current().nextLong(30) * (fails + 1);
    }
}
