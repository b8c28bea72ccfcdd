package io.jobservice.job.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

import io.jobservice.job.JobParameterException;
import org.junit.jupiter.api.Test;

class DemoJobTest {

    private final DemoJob job = new DemoJob();

    private static Map<String, Object> params(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void should_have_harbor_knobs_for_demo() {
        assertThat(job.maxFails()).isEqualTo(3);
        assertThat(job.maxConcurrency()).isEqualTo(1);
        assertThat(job.shouldRetry()).isTrue();
        assertThat(job.priority()).isEqualTo(1);
    }

    @Test
    void should_accept_an_image_starting_with_demo() {
        assertThatCode(() -> job.validate(params("image", "demo-steven"))).doesNotThrowAnyException();
        assertThatCode(() -> job.validate(params("image", "demo", "sleep_ms", new BigInteger("250"), "fail", true)))
                .doesNotThrowAnyException();
    }

    @Test
    void should_refuse_missing_image() {
        assertThatThrownBy(() -> job.validate(Map.of()))
                .isInstanceOf(JobParameterException.class)
                .hasMessage("missing parameter 'image'");
    }

    @Test
    void should_refuse_an_image_not_starting_with_demo() {
        assertThatThrownBy(() -> job.validate(params("image", "busybox")))
                .isInstanceOf(JobParameterException.class)
                .hasMessageContaining("busybox");
        assertThatThrownBy(() -> job.validate(params("image", "Demo"))).isInstanceOf(JobParameterException.class);
    }

    @Test
    void should_refuse_an_image_that_is_not_a_string() {
        assertThatThrownBy(() -> job.validate(params("image", 42))).isInstanceOf(JobParameterException.class);
        assertThatThrownBy(() -> job.validate(params("image", null))).isInstanceOf(JobParameterException.class);
    }

    @Test
    void should_refuse_a_negative_fractional_or_textual_sleep() {
        assertThatThrownBy(() -> job.validate(params("image", "demo", "sleep_ms", -1)))
                .isInstanceOf(JobParameterException.class);
        assertThatThrownBy(() -> job.validate(params("image", "demo", "sleep_ms", new BigDecimal("1.5"))))
                .isInstanceOf(JobParameterException.class);
        assertThatThrownBy(() -> job.validate(params("image", "demo", "sleep_ms", "100")))
                .isInstanceOf(JobParameterException.class);
    }

    @Test
    void should_refuse_a_fail_flag_that_is_not_a_boolean() {
        assertThatThrownBy(() -> job.validate(params("image", "demo", "fail", "yes")))
                .isInstanceOf(JobParameterException.class);
    }
}
