package io.jobservice.queue;

import java.util.List;

import io.jobservice.job.JobStatus;
import org.junit.jupiter.api.Test;

import static io.jobservice.queue.CycleLayout.ARGS_PER_ATTEMPT;
import static io.jobservice.queue.CycleLayout.ARG_ARGS_PER_ATTEMPT;
import static io.jobservice.queue.CycleLayout.ARG_ATTEMPTS;
import static io.jobservice.queue.CycleLayout.ARG_ATTEMPT_ARGS;
import static io.jobservice.queue.CycleLayout.ARG_ATTEMPT_KEYS;
import static io.jobservice.queue.CycleLayout.ARG_KEYS_PER_ATTEMPT;
import static io.jobservice.queue.CycleLayout.ARG_KEYS_PER_TYPE;
import static io.jobservice.queue.CycleLayout.ARG_TYPES;
import static io.jobservice.queue.CycleLayout.ARG_TYPE_KEYS;
import static io.jobservice.queue.CycleLayout.ARG_TYPE_NAMES;
import static io.jobservice.queue.CycleLayout.ARG_WORKERS;
import static io.jobservice.queue.CycleLayout.ARG_WORKER_KEYS;
import static io.jobservice.queue.CycleLayout.HEADER_ARGS;
import static io.jobservice.queue.CycleLayout.KEYS_PER_ATTEMPT;
import static io.jobservice.queue.CycleLayout.KEYS_PER_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

/** The header of a cycle.lua call points at the records the script reads (the script itself runs in JobQueueTest). */
class CycleLayoutTest {

    private static final RedisKeys KEYS = new RedisKeys("layout");
    private static final String POOL = "pool1";

    private final QueuedJob job = new QueuedJob("B", "job1", 1, null, false, 0, null, 0);
    private final FetchedJob fetched = new FetchedJob("w9", "B", job.toJson(), job, FetchedJob.Action.RUN, null);
    private final CycleLayout layout = new CycleLayout(KEYS, POOL, 100, 4, 60, JobQueue.DeadSetLimits.DEFAULT,
            JobStatsStore.Ttls.HARBOR, List.of("A", "B"), List.of("w1", "w2"),
            List.of(new AttemptOutcome(fetched, JobStatus.SUCCESS, 7, 0, null)));
    private final String[] keys = layout.keys();
    private final String[] args = layout.args();

    @Test
    void should_point_at_the_second_job_types_keys_and_name() {
        int base = header(ARG_TYPE_KEYS) + header(ARG_KEYS_PER_TYPE);

        assertThat(List.of(key(base), key(base + 1), key(base + 5))).containsExactly(KEYS.jobQueue("B"),
                KEYS.inProgress("B", POOL), KEYS.maxConcurrency("B"));
        assertThat(arg(header(ARG_TYPE_NAMES) + 1)).isEqualTo("B");
    }

    @Test
    void should_point_at_each_idle_workers_key() {
        assertThat(List.of(key(header(ARG_WORKER_KEYS)), key(header(ARG_WORKER_KEYS) + 1)))
                .containsExactly(KEYS.worker("w1"), KEYS.worker("w2"));
    }

    @Test
    void should_point_at_an_ended_attempts_keys_and_arguments() {
        int k = header(ARG_ATTEMPT_KEYS);
        int a = header(ARG_ATTEMPT_ARGS);

        assertThat(List.of(key(k), key(k + 3), key(k + 4))).containsExactly(KEYS.inProgress("B", POOL),
                KEYS.jobStats("job1"), KEYS.worker("w9"));
        assertThat(List.of(arg(a), arg(a + 1), arg(a + 2), arg(a + 4)))
                .containsExactly(job.toJson(), "Success", "7", "job1");
        assertThat(keys).hasSize(k - 1 + KEYS_PER_ATTEMPT);
        assertThat(args).hasSize(a - 1 + ARGS_PER_ATTEMPT);
    }

    @Test
    void should_carry_the_counts_and_record_sizes_and_fill_the_whole_header() {
        assertThat(List.of(header(ARG_TYPES), header(ARG_WORKERS), header(ARG_ATTEMPTS))).containsExactly(2, 2, 1);
        assertThat(List.of(header(ARG_KEYS_PER_TYPE), header(ARG_KEYS_PER_ATTEMPT), header(ARG_ARGS_PER_ATTEMPT)))
                .containsExactly(KEYS_PER_TYPE, KEYS_PER_ATTEMPT, ARGS_PER_ATTEMPT);
        assertThat(List.of(args).subList(0, HEADER_ARGS)).doesNotContain("");
        assertThat(List.of(keys).subList(0, CycleLayout.FIXED_KEYS)).containsExactly(KEYS.jobTrack(), KEYS.retry(),
                KEYS.dead(), KEYS.hookDue(), KEYS.throughput(100));
    }

    private int header(int position) {
        return Integer.parseInt(arg(position));
    }

    /** KEYS[index], as Lua counts. */
    private String key(int index) {
        return keys[index - 1];
    }

    /** ARGV[index], as Lua counts. */
    private String arg(int index) {
        return args[index - 1];
    }
}
