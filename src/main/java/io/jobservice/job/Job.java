package io.jobservice.job;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A job type: Harbor's knobs (contract 9.1, decisions D5) plus the work itself. Implementations are registered
 * in {@link JobRegistry} under one name each.
 */
public interface Job {

    /** Harbor's default {@code MaxFails}: attempts allowed, the first included. */
    int DEFAULT_MAX_FAILS = 4;
    /** Harbor's default priority weight. */
    int DEFAULT_PRIORITY = 1000;

    /**
     * Total attempts allowed, the first included (Harbor's {@code MaxFails}; 0 means {@link #DEFAULT_MAX_FAILS}).
     *
     * @return attempts, at least 1 unless 0 for the default
     */
    default int maxFails() {
        return DEFAULT_MAX_FAILS;
    }

    /**
     * Cluster-wide cap on running jobs of this type; 0 means unlimited.
     *
     * @return the cap
     */
    default int maxConcurrency() {
        return 0;
    }

    /**
     * Whether a failed attempt may be retried at all.
     *
     * @return false to never retry
     */
    default boolean shouldRetry() {
        return true;
    }

    /**
     * Weight of this type when workers pick the next job (Harbor: 1000; DEMO and SLACK 1).
     *
     * @return a positive weight
     */
    default int priority() {
        return DEFAULT_PRIORITY;
    }

    /**
     * Seconds to wait before retrying after the {@code fails}-th failed attempt. The default is gocraft's:
     * fails^4 + 15 + rand[0,29] * (fails + 1).
     *
     * @param fails failed attempts so far, from 1
     * @return the delay in seconds
     */
    default long retryDelaySeconds(long fails) {
        return gocraftRetryDelaySeconds(fails);
    }

    /** gocraft/work's back-off, the default of {@link #retryDelaySeconds}: fails^4 + 15 + rand[0,29] * (fails + 1). */
    static long gocraftRetryDelaySeconds(long fails) {
        return fails * fails * fails * fails + 15 + ThreadLocalRandom.current().nextLong(30) * (fails + 1);
    }

    /**
     * Longest a run may take, in seconds; a run past it is stopped and ends in Error. 0 means no limit.
     *
     * @return the limit in seconds, or 0
     */
    default long maxRunSeconds() {
        return 0;
    }

    /**
     * Checks the parameters at submit time.
     *
     * @param parameters the request's parameters, possibly empty, never null
     * @throws JobParameterException with a message for the client when they are not acceptable
     */
    default void validate(Map<String, Object> parameters) throws JobParameterException {
    }

    /**
     * Does the work. Returning normally means Success unless the job was stopped meanwhile.
     *
     * @param context    check-in, stop polling and logging for this run
     * @param parameters the job's parameters, never null
     * @throws Exception any failure, which ends this attempt in Error
     */
    void run(JobContext context, Map<String, Object> parameters) throws Exception;
}
