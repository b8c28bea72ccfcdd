package io.jobservice.logs;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.jobservice.config.HarborConfig;
import io.jobservice.config.LoggerConfig;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the job logs config.yml's {@code job_loggers} describe, and the sweeper that deletes old log files. */
public final class JobLogWiring implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(JobLogWiring.class);
    /** The name the housekeeping route calls the sweeper by. */
    public static final String SWEEPER = "jobLogSweeper";

    @Override
    public void configure(CamelContext context) {
        Registry beans = context.getRegistry();
        HarborConfig config = beans.mandatoryFindSingleByType(HarborConfig.class);
        List<LoggerConfig> allLoggers = new ArrayList<>(config.jobLoggers());
        allLoggers.addAll(config.loggers());
        warnAboutUnknownLevels(allLoggers);
        beans.bind("jobLogs", new JobLogs(config.jobLoggers(), config.maxRetrieveSizeMb()));
        beans.bind(SWEEPER, new JobLogSweeper(JobLogSweeper.targetsOf(allLoggers),
                beans.mandatoryFindSingleByType(Clock.class)));
    }

    private static void warnAboutUnknownLevels(List<LoggerConfig> loggers) {
        for (LoggerConfig logger : loggers) {
            if (LogLevel.known(logger.level()) == null) {
                LOG.warn("Configuration: logger {} has unknown level '{}'; WARNING is used, as in Harbor",
                        logger.name(), logger.level());
            }
        }
    }
}
