package io.jobservice.job.impl;

import java.util.Map;

import io.jobservice.job.Job;
import io.jobservice.job.JobContext;

/** {@code NOOP}: does nothing and succeeds; used to measure the service itself. */
public final class NoopJob implements Job {

    public static final String NAME = "NOOP";

    @Override
    public void run(JobContext context, Map<String, Object> parameters) {
        // nothing to do: the cost of a NOOP job is the service's own overhead
    }
}
