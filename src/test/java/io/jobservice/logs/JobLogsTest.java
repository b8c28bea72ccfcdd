package io.jobservice.logs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.jobservice.config.ConfigException;
import io.jobservice.config.ConfigLoader;
import io.jobservice.config.LoggerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Job log files, their tail, their sweeper and their configuration (contract 8, decisions D2). */
class JobLogsTest {

    static final String ID = "0123456789abcdef01234567";

    @TempDir
    Path dir;

    JobLogs logs(int maxMb) {
        return new JobLogs(List.of(new LoggerConfig("FILE", "INFO", Map.of("base_dir", dir.toString()), 0, Map.of())), maxMb);
    }

    @Test
    void should_write_harbors_line_format_at_or_above_the_level() throws Exception {
        try (RunLog log = logs(0).open(ID, 1)) {
            log.debug("hidden");
            log.info("hello");
            log.error("bad", new IllegalStateException("boom"));
        }
        List<String> lines = Files.readAllLines(dir.resolve(ID + ".log"));
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\[INFO\\] \\[JobLogsTest\\.java:\\d+\\]: hello");
        assertThat(lines.get(1)).contains("[ERROR]").endsWith("bad");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("java.lang.IllegalStateException: boom"));
        assertThat(lines).noneMatch(l -> l.contains("hidden"));
    }

    @Test
    void should_append_a_retry_after_a_separator_line() throws Exception {
        try (RunLog log = logs(0).open(ID, 1)) {
            log.info("first attempt");
        }
        try (RunLog log = logs(0).open(ID, 2)) {
            log.info("second attempt");
        }
        String text = Files.readString(dir.resolve(ID + ".log"));
        assertThat(text).containsSubsequence("first attempt", "---- retry: run with revision 2", "second attempt");
    }

    @Test
    void should_read_a_log_while_it_is_written_and_only_its_tail() throws Exception {
        JobLogs logs = logs(1);
        try (RunLog log = logs.open(ID, 1)) {
            log.info("running");
            assertThat(new String(logs.tail(ID), StandardCharsets.UTF_8)).contains("running");
        }
        Files.writeString(dir.resolve(ID + "@1760000000.log"), "x".repeat(3 * 1024 * 1024) + "end");
        byte[] tail = logs.tail(ID + "@1760000000");
        assertThat(tail).hasSize(1024 * 1024);
        assertThat(new String(tail, StandardCharsets.UTF_8)).endsWith("end");
    }

    @Test
    void should_touch_the_disk_only_once_a_run_has_lines_and_keep_short_runs_in_one_write() throws Exception {
        Path file = dir.resolve(ID + ".log");
        try (RunLog log = logs(0).open(ID, 1)) {
            log.debug("below the level");
        }
        assertThat(file).doesNotExist();
        try (RunLog log = logs(0).open(ID, 1)) {
            log.info("kept in memory");
            assertThat(file).doesNotExist();
        }
        assertThat(Files.readString(file)).contains("kept in memory").doesNotContain("---- retry");
    }

    @Test
    void should_write_lines_out_once_8_KiB_are_kept() throws Exception {
        try (RunLog log = logs(0).open(ID, 1)) {
            log.info("x".repeat(9000));
            assertThat(Files.size(dir.resolve(ID + ".log"))).isGreaterThan(9000);
        }
    }

    @Test
    void should_create_the_base_dir_when_the_first_log_needs_it() throws Exception {
        Path nested = dir.resolve("not/yet");
        JobLogs logs = new JobLogs(List.of(new LoggerConfig("FILE", "INFO", Map.of("base_dir", nested.toString()), 0,
                Map.of())), 0);
        try (RunLog log = logs.open(ID, 1)) {
            log.info("first");
        }
        assertThat(Files.readString(nested.resolve(ID + ".log"))).contains("first");
    }

    @Test
    void should_refuse_ids_that_are_paths_or_not_job_ids() {
        JobLogs logs = logs(0);
        assertThatThrownBy(() -> logs.tail("../etc/passwd")).extracting(e -> ((JobLogException) e).kind())
                .isEqualTo(JobLogException.Kind.TRAVERSAL);
        assertThatThrownBy(() -> logs.tail("a\\b")).extracting(e -> ((JobLogException) e).kind())
                .isEqualTo(JobLogException.Kind.TRAVERSAL);
        assertThatThrownBy(() -> logs.tail("short")).hasMessage("invalid length of log identify");
        assertThatThrownBy(() -> logs.tail("0123456789abcdef0123456z")).hasMessage("invalid log identify");
        assertThatThrownBy(() -> logs.tail(ID)).extracting(e -> ((JobLogException) e).kind())
                .isEqualTo(JobLogException.Kind.NOT_FOUND);
        assertThatThrownBy(() -> new JobLogs(List.of(), 0).tail(ID)).hasMessage("no log data getter is configured");
    }

    @Test
    void should_sweep_only_old_regular_files_in_the_work_dir() throws Exception {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        Path old = Files.writeString(dir.resolve("old.log"), "x");
        Path fresh = Files.writeString(dir.resolve("fresh.log"), "x");
        Path oldDir = Files.createDirectory(dir.resolve("sub"));
        Path outside = Files.createTempFile("outside", ".log");
        Path link = Files.createSymbolicLink(dir.resolve("link.log"), outside);
        for (Path p : List.of(old, oldDir, outside)) {
            Files.setLastModifiedTime(p, FileTime.from(now.minusSeconds(3 * 86_400)));
        }
        Files.setLastModifiedTime(fresh, FileTime.from(now.minusSeconds(86_400)));
        JobLogSweeper sweeper = new JobLogSweeper(List.of(new JobLogSweeper.Target(dir, 2)),
                Clock.fixed(now, ZoneOffset.UTC));
        assertThat(sweeper.runOnce()).isEqualTo(1);
        assertThat(old).doesNotExist();
        assertThat(fresh).exists();
        assertThat(oldDir).exists();
        assertThat(link).exists();
        assertThat(outside).exists();
    }

    @Test
    void should_read_levels_as_harbor_does() {
        assertThat(LogLevel.parse("info")).isEqualTo(LogLevel.INFO);
        assertThat(LogLevel.parse("Warning")).isEqualTo(LogLevel.WARNING);
        assertThat(LogLevel.parse("verbose")).isEqualTo(LogLevel.WARNING);
        assertThat(LogLevel.parse("")).isEqualTo(LogLevel.WARNING);
        assertThat(LogLevel.known("verbose")).isNull();
    }

    @Test
    void should_refuse_logger_configurations_that_cannot_work() {
        String base = "worker_pool:\n  redis_pool:\n    redis_url: embedded\n";
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(base + "job_loggers:\n  - name: FILE\n    level: INFO\n"))
                .isInstanceOf(ConfigException.class).hasMessage("job_loggers[0].settings.base_dir: is required");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(base + "job_loggers:\n  - name: DB\n"))
                .hasMessageStartingWith("job_loggers[0].name: the DB logger needs Harbor's database");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(base
                + "loggers:\n  - name: FILE\n    settings:\n      base_dir: /tmp\n"))
                .hasMessage("loggers[0].settings.filename: is required");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(base
                + "job_loggers:\n  - name: FILE\n    settings:\n      base_dir: /tmp\n    sweeper:\n      duration: 1\n"))
                .hasMessage("job_loggers[0].sweeper.settings.work_dir: is required");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(base + "job_loggers:\n  - name: SYSLOG\n"))
                .hasMessage("job_loggers[0].name: unknown logger 'SYSLOG', use STD_OUTPUT or FILE");
    }
}
