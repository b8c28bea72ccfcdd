/**
 * Logging: per-job logs in Harbor's line format (console and one file per job, readable while the job runs), the
 * hourly sweeper of old log files, and the service's own loggers from config.yml.
 */
package io.jobservice.logs;
