package io.jobservice.worker;

import java.time.Clock;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A check-in needs a message (contract 9.2). */
class RunningJobContextTest {

    @Test
    void should_reject_an_empty_check_in() {
        RunningJobContext context = new RunningJobContext("id", "worker", null, null, null, Clock.systemUTC());
        assertThatThrownBy(() -> context.checkIn("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("check-in message must not be empty");
        assertThatThrownBy(() -> context.checkIn(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
