package io.jobservice.job.impl;

import java.util.List;
import java.util.Map;

import io.jobservice.support.RecordingJobContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** SCHEDULER only checks in "checkin" (contract 9.3), with Harbor's knobs. */
class SchedulerJobTest {

    @Test
    void should_check_in_the_word_checkin_and_nothing_else() {
        RecordingJobContext context = new RecordingJobContext("SCHEDULER");
        SchedulerJob job = new SchedulerJob();

        job.run(context, Map.of());

        assertThat(context.checkIns).containsExactly("checkin");
        assertThat(List.of(job.maxFails(), job.maxConcurrency(), job.priority())).containsExactly(3, 0, 1000);
        assertThat(job.shouldRetry()).isTrue();
        assertThat(SchedulerJob.NAMES).containsExactly("SCHEDULER", "IMAGE_REPLICATE", "IMAGE_GC", "IMAGE_SCAN_ALL");
    }
}
