package io.jobservice.job.impl;

import java.util.Map;

import io.jobservice.job.Job;
import io.jobservice.job.JobContext;
import io.jobservice.job.JobParameterException;

/**
 * {@code DEMO}: Harbor's sample job (contract 9.3). Requires {@code image} starting with {@code demo}; checks in
 * twice, sleeps {@code sleep_ms} (default 30000) while polling for a stop, and fails when {@code fail} is true or
 * the environment variable {@code JOB_FAILED} is set.
 */
public final class DemoJob implements Job {

    public static final String NAME = "DEMO";
    private static final long DEFAULT_SLEEP_MS = 30_000;
    private static final long STOP_POLL_MS = 100;

    @Override
    public int maxFails() {
        return 3;
    }

    @Override
    public int maxConcurrency() {
        return 1;
    }

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public void validate(Map<String, Object> parameters) throws JobParameterException {
        Object image = parameters.get("image");
        if (image == null) {
            throw new JobParameterException("missing parameter 'image'");
        }
        if (!(image instanceof String text) || !text.startsWith("demo")) {
            throw new JobParameterException("parameter 'image' must start with 'demo', got '" + image + "'");
        }
        Object sleep = parameters.get("sleep_ms");
        if (sleep != null && !(sleep instanceof Number n && n.longValue() >= 0 && n.doubleValue() == n.longValue())) {
            throw new JobParameterException("parameter 'sleep_ms' must be a non-negative integer, got '" + sleep + "'");
        }
        Object fail = parameters.get("fail");
        if (fail != null && !(fail instanceof Boolean)) {
            throw new JobParameterException("parameter 'fail' must be true or false, got '" + fail + "'");
        }
    }

    @Override
    public void run(JobContext context, Map<String, Object> parameters) throws Exception {
        context.logger().info("demo job " + context.jobId() + " for image " + parameters.get("image"));
        context.checkIn("progress data: %30");
        long sleepMs = parameters.get("sleep_ms") instanceof Number n ? n.longValue() : DEFAULT_SLEEP_MS;
        long deadline = System.nanoTime() + sleepMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (context.stopRequested()) {
                context.logger().info("demo job stopped");
                return;
            }
            Thread.sleep(Math.min(STOP_POLL_MS, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        }
        context.checkIn("progress data: %100");
        if (Boolean.TRUE.equals(parameters.get("fail")) || System.getenv("JOB_FAILED") != null) {
            throw new IllegalStateException("demo job failed as asked");
        }
        context.logger().info("demo job done");
    }
}
