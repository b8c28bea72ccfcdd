package io.jobservice.jobcomponent;

import io.jobservice.job.JobContext;
import io.jobservice.job.JobLogger;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelLogger;
import org.apache.camel.spi.LogListener;

/**
 * Copies what a route job's {@code log} steps write into the job's own log (the one {@code GET
 * /api/v1/jobs/{id}/log} serves), at the step's level. Log steps of other exchanges are left alone.
 */
public final class JobLogListener implements LogListener {

    @Override
    public String onLog(Exchange exchange, CamelLogger camelLogger, String message) {
        JobContext job = exchange == null ? null : JobVariables.context(exchange);
        if (job != null) {
            JobLogger logger = job.logger();
            switch (camelLogger.getLevel()) {
                case TRACE, DEBUG -> logger.debug(message);
                case WARN -> logger.warning(message);
                case ERROR -> logger.error(message);
                default -> logger.info(message);
            }
        }
        return message;
    }
}
