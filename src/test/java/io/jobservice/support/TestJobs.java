package io.jobservice.support;

import java.util.Map;

import io.jobservice.job.Job;
import io.jobservice.job.JobContext;
import io.jobservice.job.JobRegistry;

/** Job types the tests register besides the built-in ones. */
public final class TestJobs {

    /** Always fails, never retried. */
    public static final String BROKEN = "BROKEN";
    /** Sleeps {@code sleep_ms} without ever looking at stop requests; at most 1 s per run, never retried. */
    public static final String SLOW = "SLOW";
    /** Logs {@code tick 1} .. {@code tick <ticks>} (default 60), one every {@code interval_ms} (default 500); stoppable. */
    public static final String TICKER = "TICKER";

    private TestJobs() {
    }

    static void registerAll(JobRegistry registry) {
        registry.register(CountingJob.NAME, new CountingJob());
        registry.register(BROKEN, new Job() {
            @Override
            public boolean shouldRetry() {
                return false;
            }

            @Override
            public void run(JobContext context, Map<String, Object> parameters) {
                throw new IllegalStateException("broken on purpose");
            }
        });
        registry.register(SLOW, new Job() {
            @Override
            public boolean shouldRetry() {
                return false;
            }

            @Override
            public long maxRunSeconds() {
                return 1;
            }

            @Override
            public void run(JobContext context, Map<String, Object> parameters) throws Exception {
                // work that never looks at stop requests: only an interrupt or the time-out ends it
                Thread.sleep(((Number) parameters.getOrDefault("sleep_ms", 60_000)).longValue());
            }
        });
        registry.register(TICKER, new Job() {
            @Override
            public boolean shouldRetry() {
                return false;
            }

            @Override
            public void run(JobContext context, Map<String, Object> parameters) throws Exception {
                long ticks = ((Number) parameters.getOrDefault("ticks", 60)).longValue();
                long intervalMs = ((Number) parameters.getOrDefault("interval_ms", 500)).longValue();
                for (long i = 1; i <= ticks && !context.stopRequested(); i++) {
                    context.logger().info("tick " + i);
                    Thread.sleep(intervalMs);
                }
            }
        });
    }
}
