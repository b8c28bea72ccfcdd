package io.jobservice.support;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.jobservice.job.Job;
import io.jobservice.job.JobContext;

/** A test job type that counts how often each job id ran, across every app in the JVM. */
public final class CountingJob implements Job {

    public static final String NAME = "COUNT";
    private static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    @Override
    public void run(JobContext context, Map<String, Object> parameters) throws Exception {
        RUNS.computeIfAbsent(context.jobId(), id -> new AtomicInteger()).incrementAndGet();
        Object sleep = parameters.get("sleep_ms");
        if (sleep instanceof Number n) {
            // the job's own work under test (a long run to stop, time out or take over), not a wait for a condition
            Thread.sleep(n.longValue());
        }
    }

    /** How many times the job with this id ran. */
    public static int runs(String jobId) {
        AtomicInteger count = RUNS.get(jobId);
        return count == null ? 0 : count.get();
    }

    /** Run counts of every job whose id starts with the prefix. */
    public static Map<String, Integer> runsOf(String idPrefix) {
        Map<String, Integer> result = new TreeMap<>();
        RUNS.forEach((id, count) -> {
            if (id.startsWith(idPrefix)) {
                result.put(id, count.get());
            }
        });
        return result;
    }
}
