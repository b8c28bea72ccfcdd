package io.jobservice.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FILE job logger's writer for one run: {@code <base_dir>/<jobID>.log}. The file is opened on the run's first
 * line, and lines are kept in memory until 8 KiB of them, a second since the oldest, the end of the run, or a read
 * of the log ({@link JobLogs#tail}) writes them out: a short job's log costs one open and one write, not a write and
 * a flush per line. A retry appends after a separator line instead of overwriting the earlier attempt (decisions D2).
 * A process killed mid-run loses at most its last second of lines (the job itself is rerun).
 */
final class FileSink implements JobLogSink {

    private static final Logger LOG = LoggerFactory.getLogger(FileSink.class);
    private static final int FLUSH_CHARS = 8192;
    private static final long FLUSH_AFTER_NANOS = 1_000_000_000L;

    private final Path file;
    private final LogLevel level;
    private final String separator;
    private final Consumer<FileSink> closed;
    private final StringBuilder pending = new StringBuilder();
    private long oldestPendingNanos;
    private FileChannel channel;

    /**
     * @param separator written first when the file already holds an earlier attempt's lines
     * @param closed    told when the run ends, after the last lines are written
     */
    FileSink(Path file, LogLevel level, String separator, Consumer<FileSink> closed) {
        this.file = file;
        this.level = level;
        this.separator = separator;
        this.closed = closed;
    }

    @Override
    public synchronized void write(LogLevel lineLevel, String line) {
        if (lineLevel.compareTo(level) < 0) {
            return;
        }
        if (pending.isEmpty()) {
            oldestPendingNanos = System.nanoTime();
        }
        pending.append(line);
        if (pending.length() >= FLUSH_CHARS || System.nanoTime() - oldestPendingNanos >= FLUSH_AFTER_NANOS) {
            flush();
        }
    }

    /** Writes the lines kept so far to the file. */
    synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            if (channel == null) {
                channel = open();
                if (channel.size() > 0) {
                    pending.insert(0, separator);
                }
            }
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pending));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            // a full disk must not fail the job; the service log says why lines are missing
            LOG.warn("Cannot write job log {}: {}", file, e.toString());
        }
        pending.setLength(0);
    }

    private FileChannel open() throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (NoSuchFileException e) {
            // base_dir is created when the first log needs it, and again if someone removed it since
            Files.createDirectories(file.getParent());
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
    }

    @Override
    public synchronized void close() {
        flush();
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("Cannot close job log {}: {}", file, e.toString());
            }
            channel = null;
        }
        closed.accept(this);
    }
}
