package io.jobservice.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The FILE job logger: {@code <base_dir>/<jobID>.log}, flushed line by line so the log can be read while the job
 * runs. A retry appends after a separator line instead of overwriting the earlier attempt (decisions D2).
 */
final class FileSink implements JobLogSink {

    private final Writer writer;
    private final LogLevel level;

    FileSink(Path file, LogLevel level, String separator) {
        this.level = level;
        try {
            boolean earlier = Files.exists(file) && Files.size(file) > 0;
            this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (earlier) {
                writer.write(separator);
                writer.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open job log " + file, e);
        }
    }

    @Override
    public synchronized void write(LogLevel lineLevel, String line) {
        if (lineLevel.compareTo(level) < 0) {
            return;
        }
        try {
            writer.write(line);
            writer.flush();
        } catch (IOException e) {
            // a full disk must not fail the job; the service log says why lines are missing
            org.slf4j.LoggerFactory.getLogger(FileSink.class).warn("Cannot write job log: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(FileSink.class).warn("Cannot close job log: {}", e.getMessage());
        }
    }
}
