package io.jobservice.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigExceptionTest {

    @Test
    void should_join_key_and_problem_in_one_line() {
        ConfigException e = new ConfigException("worker_pool.workers", "must be at least 1, got 0");

        assertThat(e).hasMessage("worker_pool.workers: must be at least 1, got 0");
        assertThat(e.key()).isEqualTo("worker_pool.workers");
    }
}
