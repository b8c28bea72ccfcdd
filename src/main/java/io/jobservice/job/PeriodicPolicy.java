package io.jobservice.job;

/**
 * A periodic job's cron template (contract 2.6): each fire time spawns an execution {@code <id>@<epoch>}.
 *
 * @param id            24 hex characters; also the periodic job's id
 * @param jobName       job type of the executions
 * @param cronSpec      Harbor-grammar cron spec
 * @param jobParamsJson the executions' parameters as JSON text, or null
 * @param webHookUrl    where the executions' hooks go, or null
 * @param numericId     unique number, the policy's score in {@code period:policies}
 * @param skipIfRunning ours: skip a fire while an earlier execution is unfinished
 */
public record PeriodicPolicy(String id, String jobName, String cronSpec, String jobParamsJson, String webHookUrl,
                             long numericId, boolean skipIfRunning) {
}
