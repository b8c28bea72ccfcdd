package io.jobservice.config;

import java.util.Map;

/**
 * One entry of {@code loggers} or {@code job_loggers} (contract 11.1, section 8).
 *
 * @param name             STD_OUTPUT, FILE or DB
 * @param level            DEBUG, INFO, WARNING, ERROR or FATAL as written
 * @param settings         the logger's {@code settings} block
 * @param sweeperDuration  the sweeper's {@code duration} in days, or 0 without a sweeper
 * @param sweeperSettings  the sweeper's {@code settings} block
 */
public record LoggerConfig(String name, String level, Map<String, Object> settings, int sweeperDuration,
                           Map<String, Object> sweeperSettings) {
}
