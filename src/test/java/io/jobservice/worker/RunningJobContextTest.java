package io.jobservice.worker;

import java.time.Clock;

import io.jobservice.job.JobKind;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A check-in needs a message (contract 9.2). */
class RunningJobContextTest {

    @Test
    void should_reject_an_empty_check_in() {
        RunningJobContext context = new RunningJobContext(JobStats.newJob("id", "NOOP", JobKind.GENERIC,
                JobStatus.RUNNING, false, null, null, 0), "worker", null, null, null, Clock.systemUTC());
        assertThatThrownBy(() -> context.checkIn("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("check-in message must not be empty");
        assertThatThrownBy(() -> context.checkIn(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
