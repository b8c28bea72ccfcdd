package io.jobservice.queue;

import java.io.IOException;

/**
 * One entry of a {@link JobSet} as an operator sees it. An entry that does not decode as a job (written by hand or by
 * another implementation) is still listed, with an empty id and name, so it can be deleted.
 *
 * @param jobId     the id its stats are kept under ({@code <policyID>@<epoch>} for a periodic execution), or ""
 * @param jobName   the job type, or ""
 * @param score     unix seconds: the run time of a scheduled job, the retry time, or the time a dead job died
 * @param fails     failed attempts so far
 * @param lastError the error of the last failed attempt, or null
 * @param failedAt  unix seconds of the last failed attempt, or 0
 * @param args      the job's parameters exactly as stored (gocraft's {@code args} JSON, "null" for none), or null
 *                  when the entry has no {@code args}
 * @param json      the entry exactly as stored
 */
public record JobSetEntry(String jobId, String jobName, long score, long fails, String lastError, long failedAt,
                          String args, String json) {

    /**
     * What names an entry for an action: its job id and score, as gocraft's workwebui does. A job that is retried,
     * rescheduled or dies again comes back with another score, so an action asked for on an old page does not reach
     * the new entry. The score is whole seconds; an entry without an id is named by "" and its second (the first such
     * entry of that second, should there be several).
     */
    public record Id(String jobId, long score) {
    }

    public Id id() {
        return new Id(jobId, score);
    }

    static JobSetEntry of(String json, double score) {
        try {
            QueuedJob job = QueuedJob.parse(json);
            return new JobSetEntry(orEmpty(job.trackingId()), orEmpty(job.name()), (long) score, job.fails(),
                    job.err(), job.failedAt(), RawJsonFields.parse(json).get("args"), json);
        } catch (IOException | RuntimeException e) {
            return new JobSetEntry("", "", (long) score, 0, null, 0, null, json);
        }
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
