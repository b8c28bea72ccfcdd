package io.jobservice.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.jobservice.job.JobIds;
import io.jobservice.job.JobKind;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.jobservice.json.Json;
import io.jobservice.queue.DueJobs;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.QueuedJob;
import io.jobservice.support.RedisServerExtension;
import io.jobservice.support.SettableClock;
import io.jobservice.support.StoreFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The requeue sweep moves a Scheduled job exactly when the clock reaches its run time, and wakes the workers. */
class RequeuerTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();
    static final StoreFixture STORE = StoreFixture.on(REDIS);

    private final SettableClock clock = new SettableClock(Instant.ofEpochSecond(1_760_000_000L));
    private final AtomicInteger wakeUps = new AtomicInteger();
    private JobQueue queue;
    private Requeuer requeuer;

    @BeforeEach
    void setUp() {
        STORE.clear();
        queue = STORE.queue();
        requeuer = new Requeuer(new DueJobs(STORE.connector(), STORE.keys()), clock, () -> List.of("LATER"),
                wakeUps::incrementAndGet);
    }

    @Test
    void should_move_a_scheduled_job_when_the_clock_reaches_its_run_time() throws Exception {
        long runAt = clock.millis() / 1000 + 3600;
        long now = clock.millis() / 1000;
        String id = JobIds.newId();
        QueuedJob job = new QueuedJob("LATER", id, now, Json.read("{}"), false, 0, null, 0);
        assertThat(queue.enqueue(JobStats.newJob(id, "LATER", JobKind.SCHEDULED, JobStatus.SCHEDULED, false, null,
                "{}", now).withRunAt(runAt), job, runAt)).isTrue();

        clock.advance(Duration.ofMinutes(59));
        assertThat(requeuer.runOnce()).isZero();
        assertThat(wakeUps).hasValue(0);
        assertThat(queue.queues(List.of("LATER")).get(0).size()).isZero();

        clock.advance(Duration.ofMinutes(1));
        assertThat(requeuer.runOnce()).isEqualTo(1);
        assertThat(wakeUps).hasValue(1);
        assertThat(queue.queues(List.of("LATER")).get(0).size()).isEqualTo(1);
        assertThat(requeuer.runOnce()).as("moved once").isZero();
    }
}
