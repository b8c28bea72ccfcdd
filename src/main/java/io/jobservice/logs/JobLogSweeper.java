package io.jobservice.logs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.jobservice.config.LoggerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes log files older than their logger's sweeper {@code duration} (days) from its {@code work_dir}
 * (contract 8.3). Runs at start and then hourly, with the threshold of {@code duration} days (decisions D2: Harbor
 * sweeps only once per retention period, so files live up to twice as long). Only regular files directly in
 * {@code work_dir} are touched; links are not followed; a file that cannot be read or deleted is logged and skipped.
 */
public final class JobLogSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(JobLogSweeper.class);

    /** One folder to sweep and how long its files are kept. */
    public record Target(Path workDir, int durationDays) {
    }

    private final List<Target> targets;
    private final Clock clock;

    public JobLogSweeper(List<Target> targets, Clock clock) {
        this.targets = targets;
        this.clock = clock;
    }

    /** The sweep targets of the FILE loggers with a sweeper (a duration of 0 or less means 1 day, as in Harbor). */
    public static List<Target> targetsOf(List<LoggerConfig> loggers) {
        List<Target> result = new ArrayList<>();
        for (LoggerConfig logger : loggers) {
            Object workDir = logger.sweeperSettings().get("work_dir");
            if (logger.name().equals("FILE") && workDir != null) {
                result.add(new Target(Path.of(workDir.toString()), Math.max(1, logger.sweeperDuration())));
            }
        }
        return result;
    }

    /** One sweep over every target; returns the number of files deleted. */
    public int runOnce() {
        int deleted = 0;
        for (Target target : targets) {
            deleted += sweep(target);
        }
        if (deleted > 0) {
            LOG.info("Log sweeper deleted {} files", deleted);
        }
        return deleted;
    }

    private int sweep(Target target) {
        if (!Files.isDirectory(target.workDir())) {
            return 0;
        }
        long threshold = clock.millis() - target.durationDays() * 86_400_000L;
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(target.workDir())) {
            for (Path file : files) {
                try {
                    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() < threshold) {
                        Files.delete(file);
                        deleted++;
                    }
                } catch (IOException | SecurityException e) {
                    LOG.warn("Log sweeper skips {}: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("Log sweeper cannot list {}: {}", target.workDir(), e.getMessage());
        }
        return deleted;
    }
}
