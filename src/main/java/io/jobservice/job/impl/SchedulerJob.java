package io.jobservice.job.impl;

import java.util.List;
import java.util.Map;

import io.jobservice.job.Job;
import io.jobservice.job.JobContext;

/**
 * {@code SCHEDULER}: the job Harbor core's periodic policies run (contract 9.3). It only checks in the string
 * {@code checkin}; core does the real work when the check-in hook arrives. It is also registered under the legacy
 * names core used before 2.2, so their old periodic policies keep running after a take-over.
 */
public final class SchedulerJob implements Job {

    /** SCHEDULER and the legacy names of the same job. */
    public static final List<String> NAMES = List.of("SCHEDULER", "IMAGE_REPLICATE", "IMAGE_GC", "IMAGE_SCAN_ALL");
    static final String CHECK_IN = "checkin";

    @Override
    public int maxFails() {
        return 3;
    }

    @Override
    public void run(JobContext context, Map<String, Object> parameters) {
        context.checkIn(CHECK_IN);
    }
}
