package io.jobservice.logs;

import java.io.PrintStream;

/** The STD_OUTPUT job logger: lines to stdout or stderr. */
final class ConsoleSink implements JobLogSink {

    private final PrintStream out;
    private final LogLevel level;

    ConsoleSink(PrintStream out, LogLevel level) {
        this.out = out;
        this.level = level;
    }

    @Override
    public void write(LogLevel lineLevel, String line) {
        if (lineLevel.compareTo(level) >= 0) {
            out.print(line);
        }
    }

    @Override
    public void close() {
        out.flush();
    }
}
