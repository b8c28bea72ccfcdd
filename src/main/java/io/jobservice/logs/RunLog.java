package io.jobservice.logs;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.jobservice.job.JobLogger;

/**
 * The log of one job run: Harbor's line format {@code <RFC3339 time> [<LEVEL>] [<file:line>]: <message>} written to
 * every configured sink (contract 8.1). Closed when the run ends.
 */
public final class RunLog implements JobLogger, AutoCloseable {

    private static final StackWalker WALKER = StackWalker.getInstance();

    private final List<JobLogSink> sinks;

    RunLog(List<JobLogSink> sinks) {
        this.sinks = sinks;
    }

    @Override
    public void debug(String message) {
        log(LogLevel.DEBUG, message);
    }

    @Override
    public void info(String message) {
        log(LogLevel.INFO, message);
    }

    @Override
    public void warning(String message) {
        log(LogLevel.WARNING, message);
    }

    @Override
    public void error(String message) {
        log(LogLevel.ERROR, message);
    }

    @Override
    public void fatal(String message) {
        log(LogLevel.FATAL, message);
    }

    /** An error with its stack trace, as the runner logs a failed attempt. */
    public void error(String message, Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        log(LogLevel.ERROR, message + "\n" + trace);
    }

    private void log(LogLevel level, String message) {
        if (sinks.isEmpty()) {
            return;
        }
        String line = format(Instant.now(), level, source(), message);
        for (JobLogSink sink : sinks) {
            sink.write(level, line);
        }
    }

    static String format(Instant time, LogLevel level, String source, String message) {
        return time.truncatedTo(ChronoUnit.SECONDS) + " [" + level + "] [" + source + "]: " + message + "\n";
    }

    /** The file and line that called the logger. */
    private static String source() {
        return WALKER.walk(frames -> frames
                .filter(f -> !f.getClassName().equals(RunLog.class.getName()))
                .findFirst()
                .map(f -> f.getFileName() + ":" + f.getLineNumber())
                .orElse("unknown"));
    }

    @Override
    public void close() {
        sinks.forEach(JobLogSink::close);
    }
}
