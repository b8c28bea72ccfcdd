package io.jobservice.job;

import static io.jobservice.job.JobStatus.ERROR;
import static io.jobservice.job.JobStatus.PENDING;
import static io.jobservice.job.JobStatus.RUNNING;
import static io.jobservice.job.JobStatus.SCHEDULED;
import static io.jobservice.job.JobStatus.STOPPED;
import static io.jobservice.job.JobStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobStatusTest {

    @Test
    void should_rank_statuses_as_harbor_does() {
        assertThat(PENDING.rank()).isZero();
        assertThat(SCHEDULED.rank()).isEqualTo(1);
        assertThat(RUNNING.rank()).isEqualTo(2);
        assertThat(STOPPED.rank()).isEqualTo(3);
        assertThat(ERROR.rank()).isEqualTo(3);
        assertThat(SUCCESS.rank()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void should_read_back_its_own_wire_name(JobStatus status) {
        assertThat(JobStatus.fromWire(status.wireName())).isSameAs(status);
    }

    @Test
    void should_use_harbor_wire_names() {
        assertThat(JobStatus.values()).extracting(JobStatus::wireName)
                .containsExactly("Pending", "Scheduled", "Running", "Stopped", "Error", "Success");
    }

    @ParameterizedTest
    @ValueSource(strings = {"running", "SUCCESS", "Cancelled", "", " Pending"})
    void should_not_know_other_wire_names(String name) {
        assertThat(JobStatus.fromWire(name)).isNull();
    }

    @Test
    void should_not_know_a_null_wire_name() {
        assertThat(JobStatus.fromWire(null)).isNull();
    }
}
