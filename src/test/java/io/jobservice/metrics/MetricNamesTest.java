package io.jobservice.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Harbor's metric names from METRIC_NAMESPACE and METRIC_SUBSYSTEM (contract 12). */
class MetricNamesTest {

    @Test
    void should_join_namespace_subsystem_and_name_with_underscores() {
        MetricNames harbor = new MetricNames("harbor", "jobservice");
        assertThat(harbor.service("task")).isEqualTo("harbor_jobservice_task");
        assertThat(harbor.service("")).isEqualTo("harbor_jobservice");
        assertThat(harbor.exporter("task_queue_size")).isEqualTo("harbor_task_queue_size");
        assertThat(MetricNames.dotted("harbor_jobservice_task")).isEqualTo("harbor.jobservice.task");
    }

    @Test
    void should_leave_out_an_empty_namespace_or_subsystem() {
        assertThat(new MetricNames("", "jobservice").service("info")).isEqualTo("jobservice_info");
        assertThat(new MetricNames("acme", " ").service("task")).isEqualTo("acme_task");
        assertThat(new MetricNames("acme", "").exporter("task_queue_size")).isEqualTo("acme_task_queue_size");
    }
}
