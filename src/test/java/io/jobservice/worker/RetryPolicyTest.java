package io.jobservice.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import io.jobservice.job.Job;
import io.jobservice.job.JobContext;
import io.jobservice.job.impl.NoopJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {

    private static final int SAMPLES = 2000;

    private static Job job(int maxFails, boolean shouldRetry) {
        return new Job() {
            @Override
            public int maxFails() {
                return maxFails;
            }

            @Override
            public boolean shouldRetry() {
                return shouldRetry;
            }

            @Override
            public void run(JobContext context, Map<String, Object> parameters) {
            }
        };
    }

    @Test
    void should_retry_while_fails_are_below_max_fails() {
        Job demo = job(3, true);

        assertThat(RetryPolicy.shouldRetry(demo, 1)).isTrue();
        assertThat(RetryPolicy.shouldRetry(demo, 2)).isTrue();
        assertThat(RetryPolicy.shouldRetry(demo, 3)).isFalse();
        assertThat(RetryPolicy.shouldRetry(demo, 4)).isFalse();
    }

    @Test
    void should_read_max_fails_0_as_4() {
        Job defaults = job(0, true);

        assertThat(RetryPolicy.shouldRetry(defaults, 3)).isTrue();
        assertThat(RetryPolicy.shouldRetry(defaults, 4)).isFalse();
    }

    @Test
    void should_never_retry_a_job_with_max_fails_1() {
        assertThat(RetryPolicy.shouldRetry(job(1, true), 1)).isFalse();
    }

    @Test
    void should_never_retry_when_should_retry_is_false() {
        Job noRetry = job(10, false);

        assertThat(LongStream.rangeClosed(1, 9)).noneMatch(fails -> RetryPolicy.shouldRetry(noRetry, fails));
        assertThat(RetryPolicy.shouldRetry(job(0, false), 1)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"1, 16, 74", "2, 31, 118", "3, 96, 212"})
    void should_wait_within_gocraft_backoff_range(long fails, long min, long max) {
        List<Long> delays = LongStream.range(0, SAMPLES).mapToObj(i -> new NoopJob().retryDelaySeconds(fails)).toList();

        assertThat(delays).allSatisfy(delay -> {
            assertThat(delay).isBetween(min, max);
            // fails^4 + 15 + k * (fails + 1): the random part comes in steps of fails + 1
            assertThat((delay - min) % (fails + 1)).isZero();
        });
        assertThat(delays.stream().distinct().count()).as("random spread").isGreaterThan(10);
    }
}
