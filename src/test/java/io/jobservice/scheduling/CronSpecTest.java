package io.jobservice.scheduling;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Harbor's cron grammar (robfig v3, six fields) translated to Quartz with the same fire times. */
class CronSpecTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 0 3 * * *|0 0 3 * * ?",
            "*/15 * * * * ?|0,15,30,45 * * * * ?",
            "0 0 8 ? * MON-FRI|0 0 8 ? * 2,3,4,5,6",
            "0 0 8 * * 0|0 0 8 ? * 1",
            "0 30 1 1,15 * *|0 30 1 1,15 * ?",
            "5 * * * * *|5 * * * * ?",
            "0 0 0 1 JAN-MAR *|0 0 0 1 1,2,3 ?",
            "0 0 12 * * 1/2|0 0 12 ? * 2,4,6",
            "0 10-20/5 * * * *|0 10,15,20 * * * ?"})
    void should_translate_to_a_quartz_expression_with_the_same_meaning(String spec, String quartz) {
        assertThat(CronSpec.parse(spec).quartzExpression()).isEqualTo(quartz);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "x x x x x x|failed to parse int from x in the seconds field",
            "0 0 3 * *|expected exactly 6 fields, found 5: [0 0 3 * *]",
            "@daily|descriptors such as @daily are not accepted",
            "60 * * * * *|end of range (60) above maximum (59): 60",
            "0 0 0 1 * MON|day of month and day of week are both restricted, which fires on either; Quartz cannot express that: use '?' or '*' in one of them",
            "0 0 0 * * */0|step of range should be a positive number: */0",
            "TZ=Mars/Olympus 0 0 3 * * *|provided bad location Mars/Olympus: Unknown time-zone ID: Mars/Olympus",
            "0 0 0 30 2 *|it never fires: no date matches [0 0 0 30 2 *]",
            "0 0 0 31 4,6,9,11 *|it never fires: no date matches [0 0 0 31 4,6,9,11 *]"})
    void should_refuse_what_harbor_refuses_or_quartz_cannot_express(String spec, String message) {
        assertThatThrownBy(() -> CronSpec.parse(spec)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        assertThat(CronSpec.problemWith(spec)).isEqualTo(message);
    }

    @Test
    void should_refuse_a_control_character_that_trimming_would_hide() {
        assertThat(CronSpec.problemWith("*/5 * * * * *" + (char) 0)).isEqualTo("control character U+0000 is not allowed");
        assertThat(CronSpec.problemWith("*/5 * *\n * * *")).isEqualTo("control character U+000A is not allowed");
        assertThat(CronSpec.problemWith("*/5\t* * * * *")).as("a tab separates fields, as in Go").isNull();
    }

    @Test
    void should_accept_a_day_that_exists_only_in_leap_years() {
        assertThat(CronSpec.parse("0 0 0 29 2 *").nextAfter(Instant.parse("2026-12-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
    }

    @Test
    void should_evaluate_in_utc_unless_a_zone_is_given() {
        Instant at = Instant.parse("2026-01-10T10:00:00Z");
        assertThat(CronSpec.parse("0 0 3 * * *").nextAfter(at)).isEqualTo(Instant.parse("2026-01-11T03:00:00Z"));
        CronSpec berlin = CronSpec.parse("TZ=Europe/Berlin 0 0 3 * * *");
        assertThat(berlin.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(berlin.nextAfter(at)).isEqualTo(Instant.parse("2026-01-11T02:00:00Z"));
        assertThat(CronSpec.parse("CRON_TZ=Asia/Tokyo 0 0 3 * * *").nextAfter(at))
                .isEqualTo(Instant.parse("2026-01-10T18:00:00Z"));
    }

    @Test
    void should_find_the_one_fire_time_to_catch_up_after_downtime() {
        CronSpec hourly = CronSpec.parse("0 0 * * * *");
        Instant now = Instant.parse("2026-01-10T10:30:00Z");
        assertThat(hourly.latestAtOrBefore(now, Instant.parse("2026-01-10T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-01-10T10:00:00Z"));
        assertThat(hourly.latestAtOrBefore(now, Instant.parse("2026-01-10T10:10:00Z"))).isNull();
        CronSpec everySecond = CronSpec.parse("* * * * * *");
        assertThat(everySecond.latestAtOrBefore(now, now.minusSeconds(100))).isEqualTo(now);
        CronSpec yearly = CronSpec.parse("0 0 0 1 JAN *");
        assertThat(yearly.latestAtOrBefore(now, Instant.parse("2025-06-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }
}
