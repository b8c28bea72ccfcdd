package io.jobservice.job;

import java.util.Map;

/**
 * A submit request (contract 2.1) as read from JSON; fields are null when absent.
 *
 * @param name          job.name
 * @param parameters    job.parameters, or null
 * @param hasMetadata   whether job.metadata was present
 * @param kind          job.metadata.kind as given
 * @param scheduleDelay job.metadata.schedule_delay, or 0
 * @param cronSpec      job.metadata.cron_spec
 * @param unique        job.metadata.unique
 * @param statusHook    job.status_hook
 * @param skipIfRunning job.metadata.skip_if_running, ours: a Periodic job skips a fire while an earlier execution
 *                      is unfinished
 */
public record JobRequest(String name, Map<String, Object> parameters, boolean hasMetadata, String kind,
                         long scheduleDelay, String cronSpec, boolean unique, String statusHook,
                         boolean skipIfRunning) {
}
