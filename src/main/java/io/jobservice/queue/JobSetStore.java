package io.jobservice.queue;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

import io.jobservice.job.JobStatus;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;

/**
 * The scheduled, retry and dead sets as an operator works on them (gocraft's workwebui is the model): pages of
 * entries, and running or deleting one entry, each change one script.
 */
public final class JobSetStore {

    /** Most entries one page reads, so a page is a bounded read whatever the size of the set. */
    public static final int MAX_PAGE_SIZE = 1000;

    /** How many entries of one score are read at a time while looking for an entry. */
    private static final int SAME_SCORE_BATCH = 100;

    /** One page of a set, and the set's size when it was read. */
    public record Page(long total, List<JobSetEntry> entries) {
    }

    /** What an action on one entry did. */
    public enum Result {
        /** Moved to its queue, or deleted. */
        DONE,
        /** No entry of that id and score in the set (already run, moved, deleted or never there): nothing changed. */
        NOT_FOUND,
        /** The entry is not a runnable job (it does not decode, or it is a poison entry the worker pool buried). */
        NOT_A_JOB,
        /** Its job's stats are gone (expired): a worker would drop it, so it stays where it is. */
        STATS_GONE,
        /** No worker pool runs its job type, so it would wait in a queue no one reads: it stays where it is. */
        UNKNOWN_JOB_TYPE
    }

    private final RedisConnector redis;
    private final RedisKeys keys;
    private final JobStatsStore.Ttls ttls;
    private final LuaScript runNow = LuaScript.load("run_now");
    private final LuaScript deleteEntry = LuaScript.load("delete_entry");

    public JobSetStore(RedisConnector redis, RedisKeys keys, JobStatsStore.Ttls ttls) {
        this.redis = redis;
        this.keys = keys;
        this.ttls = ttls;
    }

    /**
     * Entries {@code offset} to {@code offset + limit - 1} of the set, the next due first (the dead set: the latest
     * death first), and the set's size, in one round trip.
     *
     * @throws IllegalArgumentException for a negative offset or a limit outside 1 to {@link #MAX_PAGE_SIZE}
     */
    public Page page(JobSet set, long offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("a page needs an offset from 0 and a limit from 1 to " + MAX_PAGE_SIZE);
        }
        var async = redis.async();
        var total = async.zcard(set.key(keys));
        long last = offset + limit - 1;
        var entries = set.newestFirst() ? async.zrevrangeWithScores(set.key(keys), offset, last)
                : async.zrangeWithScores(set.key(keys), offset, last);
        List<JobSetEntry> page = redis.await(entries).stream()
                .map(entry -> JobSetEntry.of(entry.getValue(), entry.getScore())).toList();
        return new Page(redis.await(total), page);
    }

    /**
     * Moves the entry to the dequeue end of its job's queue so it is the next of its type to run (run_now.lua). A
     * scheduled or retry entry moves as the requeuer moves it when due; a dead one starts over, with fresh failure
     * counts and its stats Pending at a newer revision.
     *
     * @param jobTypeRuns whether some worker pool runs a job type
     */
    public Result runNow(JobSet set, JobSetEntry.Id id, long now, Predicate<String> jobTypeRuns) {
        String member = find(set, id);
        if (member == null) {
            return Result.NOT_FOUND;
        }
        QueuedJob job;
        RawJsonFields fields;
        try {
            job = QueuedJob.parse(member);
            fields = RawJsonFields.parse(member);
        } catch (IOException | RuntimeException e) {
            return Result.NOT_A_JOB;
        }
        // "raw" holds an entry the fetch could not run (cycle.lua's bury); running its wrapper would run nothing
        if (job.name() == null || job.id() == null || fields.has("raw")) {
            return Result.NOT_A_JOB;
        }
        if (!jobTypeRuns.test(job.name())) {
            return Result.UNKNOWN_JOB_TYPE;
        }
        boolean startOver = set == JobSet.DEAD;
        fields.with("t", Long.toString(now));
        if (startOver) {
            // gocraft's "retry dead job": the job gets all its attempts again
            fields.without("fails", "err", "failed_at");
        }
        String policyId = job.periodicPolicyId();
        String result = runNow.run(redis.commands(), ScriptOutputType.VALUE,
                new String[] {set.key(keys), keys.jobQueue(job.name()), keys.jobStats(job.trackingId()),
                        keys.jobTrack(), keys.executions(policyId == null ? "" : policyId)},
                member, fields.toJson(), startOver ? "1" : "0", Long.toString(now), job.trackingId(),
                policyId == null ? "" : job.args().get(QueuedJob.PERIODIC_ARG).asText());
        return switch (result) {
            case "ok" -> Result.DONE;
            case "nostats" -> Result.STATS_GONE;
            default -> Result.NOT_FOUND;
        };
    }

    /**
     * Removes the entry, and stops its job by the stop rule (delete_entry.lua): a scheduled job reads Stopped, as a
     * stopped one does; a retry's or dead job is final already and keeps its Error.
     */
    public Result delete(JobSet set, JobSetEntry.Id id, long now) {
        String member = find(set, id);
        if (member == null) {
            return Result.NOT_FOUND;
        }
        QueuedJob job = parsedOrNull(member);
        boolean releaseUnique = set == JobSet.SCHEDULED && job != null && job.unique();
        // a key of the same slot stands in for the unique key of a job that has none
        String uniqueKey = keys.unique(job == null || job.name() == null ? "" : job.name(),
                releaseUnique ? job.canonicalArgs() : null);
        String result = deleteEntry.run(redis.commands(), ScriptOutputType.VALUE,
                new String[] {set.key(keys), keys.jobStats(id.jobId()), keys.jobTrack(), uniqueKey, keys.hookDue()},
                member, id.jobId(), Long.toString(now), Long.toString(ttls.of(JobStatus.STOPPED)),
                keys.hookPendingPrefix(), releaseUnique ? "1" : "0");
        return "ok".equals(result) ? Result.DONE : Result.NOT_FOUND;
    }

    /** The entry exactly as stored, read in bounded batches of the entries with its score; null when none. */
    private String find(JobSet set, JobSetEntry.Id id) {
        // the second the id names, so an entry scored with a fraction of a second (by another writer) is found too
        Range<Long> score = Range.from(Range.Boundary.including(id.score()), Range.Boundary.excluding(id.score() + 1));
        for (long offset = 0; ; offset += SAME_SCORE_BATCH) {
            List<ScoredValue<String>> batch = redis.commands().zrangebyscoreWithScores(set.key(keys), score,
                    Limit.create(offset, SAME_SCORE_BATCH));
            for (ScoredValue<String> entry : batch) {
                if (JobSetEntry.of(entry.getValue(), entry.getScore()).jobId().equals(id.jobId())) {
                    return entry.getValue();
                }
            }
            if (batch.size() < SAME_SCORE_BATCH) {
                return null;
            }
        }
    }

    private static QueuedJob parsedOrNull(String json) {
        try {
            return QueuedJob.parse(json);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
