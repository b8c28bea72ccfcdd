package io.jobservice.logs;

/** Where one job's log lines go: the console or the job's log file. */
interface JobLogSink extends AutoCloseable {

    /** Writes a formatted line when the level is enabled for this sink. */
    void write(LogLevel level, String line);

    @Override
    void close();
}
