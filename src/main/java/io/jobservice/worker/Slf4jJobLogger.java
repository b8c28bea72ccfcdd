package io.jobservice.worker;

import io.jobservice.job.JobLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A job logger that writes to the service log, each line tagged with the job id. */
final class Slf4jJobLogger implements JobLogger {

    private static final Logger LOG = LoggerFactory.getLogger("io.jobservice.job");

    private final String jobId;

    Slf4jJobLogger(String jobId) {
        this.jobId = jobId;
    }

    @Override
    public void debug(String message) {
        LOG.debug("[{}] {}", jobId, message);
    }

    @Override
    public void info(String message) {
        LOG.info("[{}] {}", jobId, message);
    }

    @Override
    public void warning(String message) {
        LOG.warn("[{}] {}", jobId, message);
    }

    @Override
    public void error(String message) {
        LOG.error("[{}] {}", jobId, message);
    }

    @Override
    public void fatal(String message) {
        LOG.error("[{}] FATAL {}", jobId, message);
    }
}
