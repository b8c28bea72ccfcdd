package io.jobservice.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.jobservice.config.LoggerConfig;

/**
 * The job loggers of {@code job_loggers} (contract 8): each run gets a {@link RunLog} writing to the console and/or
 * to {@code <base_dir>/<jobID>.log}; the API reads the tail of that file, with the lines a run here has not yet
 * written out.
 */
public final class JobLogs {

    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{24}");

    private final List<JobLogSink> consoles = new ArrayList<>();
    /** The log files of the runs going on here, by file name, so a read sees the lines not yet written out. */
    private final Map<String, FileSink> running = new ConcurrentHashMap<>();
    private final Path baseDir;
    private final LogLevel fileLevel;
    private final long maxRetrieveBytes;

    /**
     * @param jobLoggers         the configured job loggers (validated by the config loader)
     * @param maxRetrieveSizeMb  the most the log API returns, from the end; 0 for all
     */
    public JobLogs(List<LoggerConfig> jobLoggers, int maxRetrieveSizeMb) {
        Path dir = null;
        LogLevel level = LogLevel.WARNING;
        for (LoggerConfig logger : jobLoggers) {
            if (logger.name().equals("STD_OUTPUT")) {
                boolean stderr = "std_err".equals(String.valueOf(logger.settings().get("output")));
                consoles.add(new ConsoleSink(stderr ? System.err : System.out, LogLevel.parse(logger.level())));
            } else if (logger.name().equals("FILE") && dir == null) {
                dir = Path.of(String.valueOf(logger.settings().get("base_dir")));
                level = LogLevel.parse(logger.level());
            }
        }
        this.baseDir = dir;
        this.fileLevel = level;
        this.maxRetrieveBytes = maxRetrieveSizeMb * 1024L * 1024L;
    }

    /** Opens the log of one run; close it when the run ends. Nothing is written to disk before its first line. */
    public RunLog open(String jobId, long revision) {
        if (baseDir == null) {
            return new RunLog(consoles);
        }
        String name = jobId + ".log";
        FileSink file = new FileSink(baseDir.resolve(name), fileLevel,
                "---- retry: run with revision " + revision + " at " + Instant.now() + " ----\n",
                ended -> running.remove(name, ended));
        running.put(name, file);
        List<JobLogSink> sinks = new ArrayList<>(consoles.size() + 1);
        sinks.addAll(consoles);
        sinks.add(file);
        return new RunLog(sinks);
    }

    /** The last {@code max_retrieve_size_mb} MiB of a job's log (all of it when 0). */
    public byte[] tail(String jobId) throws JobLogException {
        if (jobId.contains("..") || jobId.contains("/") || jobId.contains("\\")
                || jobId.chars().anyMatch(Character::isISOControl)) {
            throw new JobLogException(JobLogException.Kind.TRAVERSAL, "invalid Job ID: " + jobId);
        }
        if (baseDir == null) {
            throw new JobLogException(JobLogException.Kind.NO_GETTER, "no log data getter is configured");
        }
        int at = jobId.lastIndexOf('@');
        String base = at < 0 ? jobId : jobId.substring(0, at);
        if (base.length() != 24) {
            throw new JobLogException(JobLogException.Kind.INVALID_ID, "invalid length of log identify");
        }
        if (!JOB_ID.matcher(base).matches()) {
            throw new JobLogException(JobLogException.Kind.INVALID_ID, "invalid log identify");
        }
        FileSink runningHere = running.get(jobId + ".log");
        if (runningHere != null) {
            runningHere.flush();
        }
        Path file = baseDir.resolve(jobId + ".log");
        if (!Files.isRegularFile(file)) {
            throw new JobLogException(JobLogException.Kind.NOT_FOUND, jobId);
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long start = maxRetrieveBytes > 0 ? Math.max(0, length - maxRetrieveBytes) : 0;
            byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, length - start)];
            in.seek(start);
            in.readFully(bytes);
            return bytes;
        } catch (IOException e) {
            throw new JobLogException(JobLogException.Kind.IO, "cannot read the log of " + jobId + ": " + e.getMessage());
        }
    }
}
