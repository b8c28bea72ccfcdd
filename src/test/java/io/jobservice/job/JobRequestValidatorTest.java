package io.jobservice.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.jobservice.job.impl.DemoJob;
import org.junit.jupiter.api.Test;

class JobRequestValidatorTest {

    private final List<String> checkedSpecs = new ArrayList<>();
    private final List<Map<String, Object>> validatedParameters = new ArrayList<>();

    private final Job recordingJob = new Job() {
        @Override
        public void validate(Map<String, Object> parameters) {
            validatedParameters.add(parameters);
        }

        @Override
        public void run(JobContext context, Map<String, Object> parameters) {
        }
    };

    private final JobRegistry registry = new JobRegistry()
            .register("REPLICATION", recordingJob)
            .register(DemoJob.NAME, new DemoJob());

    /** Accepts 6-field specs only, like the real check, and records what it was asked. */
    private final JobRequestValidator validator = new JobRequestValidator(registry, spec -> {
        checkedSpecs.add(spec);
        return spec.trim().split("\\s+").length == 6 ? null : "expected exactly 6 fields";
    });

    private static JobRequest generic(String name) {
        return new JobRequest(name, Map.of(), true, "Generic", 0, null, false, null, false);
    }

    private static JobRequest withKind(String name, String kind, long delay, String cron) {
        return new JobRequest(name, Map.of(), true, kind, delay, cron, false, null, false);
    }

    private void assertRejected(JobRequest request, String message) {
        assertThatThrownBy(() -> validator.validate(request))
                .isInstanceOf(JobParameterException.class)
                .hasMessage(message);
    }

    @Test
    void should_refuse_a_missing_job_with_step_1_message() {
        assertRejected(null, "empty job request is not allowed");
    }

    @Test
    void should_refuse_a_blank_name_with_step_2_message() {
        assertRejected(generic(null), "name of job must be specified");
        assertRejected(generic("  "), "name of job must be specified");
    }

    @Test
    void should_check_the_name_before_the_metadata() {
        assertRejected(new JobRequest("", null, false, null, 0, null, false, null, false), "name of job must be specified");
    }

    @Test
    void should_refuse_missing_metadata_with_step_3_message() {
        assertRejected(new JobRequest("REPLICATION", null, false, null, 0, null, false, null, false),
                "metadata of job is missing");
    }

    @Test
    void should_refuse_an_unknown_kind_with_step_4_message() {
        assertRejected(withKind("REPLICATION", "generic", 0, null),
                "job kind 'generic' is not supported, only support 'Generic','Scheduled','Periodic'");
    }

    @Test
    void should_refuse_an_empty_or_absent_kind_with_step_4_message() {
        String message = "job kind '' is not supported, only support 'Generic','Scheduled','Periodic'";
        assertRejected(withKind("REPLICATION", "", 0, null), message);
        assertRejected(withKind("REPLICATION", null, 0, null), message);
    }

    @Test
    void should_check_the_kind_before_the_job_name_is_looked_up() {
        assertRejected(withKind("NOPE", "Cron", 0, null),
                "job kind 'Cron' is not supported, only support 'Generic','Scheduled','Periodic'");
    }

    @Test
    void should_refuse_a_delay_whose_run_time_is_after_the_year_9999() throws JobParameterException {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L),
                ZoneOffset.UTC);
        JobRequestValidator atFixedTime = new JobRequestValidator(registry, spec -> null, clock);
        long latest = JobRequestValidator.LATEST_RUN_AT - 1_800_000_000L;

        assertThatThrownBy(() -> atFixedTime.validate(withKind("REPLICATION", "Scheduled", latest + 1, null)))
                .isInstanceOf(JobParameterException.class)
                .hasMessage("'schedule_delay' of " + (latest + 1) + " seconds puts the run time after 9999-12-31T23:59:59Z");
        assertThatThrownBy(() -> atFixedTime.validate(withKind("REPLICATION", "Scheduled", Long.MAX_VALUE, null)))
                .hasMessageContaining("after 9999-12-31T23:59:59Z");
        assertThat(atFixedTime.validate(withKind("REPLICATION", "Scheduled", latest, null))).isEqualTo(JobKind.SCHEDULED);
    }

    @Test
    void should_refuse_a_scheduled_job_without_delay_with_step_5_message() {
        assertRejected(withKind("NOPE", "Scheduled", 0, null), "'schedule_delay' must be specified for Scheduled job");
    }

    @Test
    void should_refuse_a_periodic_job_without_cron_spec_with_step_6_message() {
        assertRejected(withKind("NOPE", "Periodic", 0, null), "'cron_spec' must be specified for the Periodic job");
        assertRejected(withKind("NOPE", "Periodic", 0, "   "), "'cron_spec' must be specified for the Periodic job");
        assertThat(checkedSpecs).isEmpty();
    }

    @Test
    void should_refuse_an_unparseable_cron_spec_with_spec_and_parser_error() {
        assertRejected(withKind("NOPE", "Periodic", 0, "0 0 * * *"),
                "'cron_spec' is not correctly set: 0 0 * * *: expected exactly 6 fields");
    }

    @Test
    void should_refuse_an_unknown_name_with_step_7_message() {
        assertRejected(generic("NOPE"), "job with name 'NOPE' is unknown");
    }

    @Test
    void should_give_the_job_type_message_in_step_8() throws Exception {
        Map<String, Object> parameters = Map.of("image", "busybox");
        JobRequest request = new JobRequest(DemoJob.NAME, parameters, true, "Generic", 0, null, false, null, false);
        Throwable own = catchThrowable(() -> new DemoJob().validate(parameters));
        assertThat(own).isInstanceOf(JobParameterException.class);

        assertRejected(request, own.getMessage());
    }

    @Test
    void should_give_an_empty_map_to_the_job_when_parameters_are_absent() throws Exception {
        validator.validate(new JobRequest("REPLICATION", null, true, "Generic", 0, null, false, null, false));

        assertThat(validatedParameters).containsExactly(Map.of());
    }

    @Test
    void should_return_the_kind_of_a_valid_request() throws Exception {
        assertThat(validator.validate(generic("REPLICATION"))).isEqualTo(JobKind.GENERIC);
        assertThat(validator.validate(withKind("REPLICATION", "Scheduled", 120, null))).isEqualTo(JobKind.SCHEDULED);
        assertThat(validator.validate(withKind("REPLICATION", "Periodic", 0, "0 0 3 * * *"))).isEqualTo(JobKind.PERIODIC);
        assertThat(checkedSpecs).containsExactly("0 0 3 * * *");
    }

    @Test
    void should_not_check_a_cron_spec_of_a_generic_job() throws Exception {
        validator.validate(withKind("REPLICATION", "Generic", 0, "not a cron"));

        assertThat(checkedSpecs).isEmpty();
    }
}
