package io.jobservice.queue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.jobservice.job.JobStatus;

/**
 * The KEYS and ARGV of one cycle.lua call, and the one place their layout is written down. The script computes no
 * position itself: this class records where each section starts as it builds it and passes the starts and the
 * record sizes in the ARGV header, so adding a key or an argument is a change here and in the lines of the script
 * that read it, never in offset arithmetic on both sides. Indices below are Lua's, from 1.
 *
 * <p>KEYS: the {@linkplain #FIXED_KEYS fixed keys}, then three sections of records.
 * <ul>
 *   <li>{@link #TRACK_KEY} job_track:inprogress, {@link #RETRY_KEY} the retry zset, {@link #DEAD_KEY} the dead zset,
 *       {@link #HOOKS_DUE_KEY} hooks:due, {@link #THROUGHPUT_KEY} throughput:&lt;bucket start&gt; (the current
 *       10-second bucket of ended attempts)</li>
 *   <li>per job type, {@link #KEYS_PER_TYPE}: jobs:&lt;name&gt;, jobs:&lt;name&gt;:&lt;pool&gt;:inprogress,
 *       :paused, :lock, :lock_info, :max_concurrency</li>
 *   <li>per idle worker, one: its worker:&lt;workerID&gt; observation hash</li>
 *   <li>per ended attempt, {@link #KEYS_PER_ATTEMPT}: jobs:&lt;name&gt;:&lt;pool&gt;:inprogress, jobs:&lt;name&gt;:lock,
 *       jobs:&lt;name&gt;:lock_info, job_stats:&lt;tracking id&gt;, worker:&lt;workerID&gt;,
 *       executions:&lt;policyID&gt; (a key of the same slot when the job is not a periodic execution)</li>
 * </ul>
 *
 * <p>ARGV: the header (the {@code ARG_*} positions), then the job type names in the order of their keys, then per
 * ended attempt {@link #ARGS_PER_ATTEMPT}: the job JSON exactly as fetched, the status to write or '', the run's
 * revision, the stats TTL of that status, the tracking id, the retry time or '', the JSON for the retry zset or '',
 * '1' for a periodic execution, the JSON to keep in the dead set or '' (a failure without retries left).
 */
final class CycleLayout {

    static final int TRACK_KEY = 1;
    static final int RETRY_KEY = 2;
    static final int DEAD_KEY = 3;
    static final int HOOKS_DUE_KEY = 4;
    static final int THROUGHPUT_KEY = 5;
    static final int FIXED_KEYS = 5;

    /** Width of a throughput bucket in seconds; a bucket's key is named by its start, a multiple of it. */
    static final long THROUGHPUT_BUCKET_SECONDS = ThroughputBuckets.BUCKET_SECONDS;

    static final int KEYS_PER_TYPE = 6;
    static final int KEYS_PER_ATTEMPT = 6;
    static final int ARGS_PER_ATTEMPT = 9;

    /** KEYS index of the first job type's keys. */
    static final int ARG_TYPE_KEYS = 1;
    /** KEYS index of the first idle worker's key. */
    static final int ARG_WORKER_KEYS = 2;
    /** KEYS index of the first ended attempt's keys. */
    static final int ARG_ATTEMPT_KEYS = 3;
    /** ARGV index of the first job type name. */
    static final int ARG_TYPE_NAMES = 4;
    /** ARGV index of the first ended attempt's arguments. */
    static final int ARG_ATTEMPT_ARGS = 5;
    static final int ARG_KEYS_PER_TYPE = 6;
    static final int ARG_KEYS_PER_ATTEMPT = 7;
    static final int ARG_ARGS_PER_ATTEMPT = 8;
    /** The number of job types. */
    static final int ARG_TYPES = 9;
    /** The number of idle workers. */
    static final int ARG_WORKERS = 10;
    /** The number of ended attempts. */
    static final int ARG_ATTEMPTS = 11;
    /** job_stats: (a stats key without the id: fetched jobs' are built from it). */
    static final int ARG_STATS_PREFIX = 12;
    static final int ARG_POOL = 13;
    /** Now, unix seconds. */
    static final int ARG_NOW = 14;
    /** TTL of the worker observation hashes, seconds. */
    static final int ARG_OBSERVATION_TTL = 15;
    /** Most workers of this pool one job type may hold. */
    static final int ARG_TYPE_CAP = 16;
    /** Dead set retention in seconds. */
    static final int ARG_DEAD_MAX_AGE = 17;
    /** Dead set retention in entries. */
    static final int ARG_DEAD_MAX_ENTRIES = 18;
    /** TTL of Error stats, for queued entries that cannot be run. */
    static final int ARG_ERROR_TTL = 19;
    /** hooks:pending: (the key of a job's hook events without its id). */
    static final int ARG_HOOK_PENDING_PREFIX = 20;
    /** TTL of the throughput bucket, seconds: a little longer than the span the dashboard shows. */
    static final int ARG_THROUGHPUT_TTL = 21;
    static final int HEADER_ARGS = 21;

    private final RedisKeys keys;
    private final String poolId;
    private final JobStatsStore.Ttls ttls;
    private final List<String> keyList;
    private final List<String> args;

    /**
     * Lays out one call.
     *
     * @param maxPerType            most workers of this pool one job type may hold
     * @param observationTtlSeconds TTL of the worker observation hashes
     */
    CycleLayout(RedisKeys keys, String poolId, long now, int maxPerType, long observationTtlSeconds,
                JobQueue.DeadSetLimits deadSetLimits, JobStatsStore.Ttls ttls, List<String> jobNames,
                List<String> idleWorkers, List<AttemptOutcome> ended) {
        this.keys = keys;
        this.poolId = poolId;
        this.ttls = ttls;
        keyList = new ArrayList<>(FIXED_KEYS + KEYS_PER_TYPE * jobNames.size() + idleWorkers.size()
                + KEYS_PER_ATTEMPT * ended.size());
        args = new ArrayList<>(HEADER_ARGS + jobNames.size() + ARGS_PER_ATTEMPT * ended.size());
        args.addAll(Collections.nCopies(HEADER_ARGS, ""));
        keyList.addAll(List.of(keys.jobTrack(), keys.retry(), keys.dead(), keys.hookDue(),
                keys.throughput(now - Math.floorMod(now, THROUGHPUT_BUCKET_SECONDS))));
        header(ARG_KEYS_PER_TYPE, KEYS_PER_TYPE);
        header(ARG_KEYS_PER_ATTEMPT, KEYS_PER_ATTEMPT);
        header(ARG_ARGS_PER_ATTEMPT, ARGS_PER_ATTEMPT);
        header(ARG_TYPES, jobNames.size());
        header(ARG_WORKERS, idleWorkers.size());
        header(ARG_ATTEMPTS, ended.size());
        header(ARG_STATS_PREFIX, keys.jobStatsPrefix());
        header(ARG_POOL, poolId);
        header(ARG_NOW, now);
        header(ARG_OBSERVATION_TTL, observationTtlSeconds);
        header(ARG_TYPE_CAP, maxPerType);
        header(ARG_DEAD_MAX_AGE, deadSetLimits.maxAgeSeconds());
        header(ARG_DEAD_MAX_ENTRIES, deadSetLimits.maxEntries());
        header(ARG_ERROR_TTL, ttls.of(JobStatus.ERROR));
        header(ARG_HOOK_PENDING_PREFIX, keys.hookPendingPrefix());
        header(ARG_THROUGHPUT_TTL, ThroughputBuckets.TTL_SECONDS);
        addJobTypes(jobNames);
        addWorkers(idleWorkers);
        addAttempts(ended);
    }

    String[] keys() {
        return keyList.toArray(String[]::new);
    }

    String[] args() {
        return args.toArray(String[]::new);
    }

    private void addJobTypes(List<String> jobNames) {
        header(ARG_TYPE_KEYS, keyList.size() + 1);
        header(ARG_TYPE_NAMES, args.size() + 1);
        for (String name : jobNames) {
            keyList.addAll(List.of(keys.jobQueue(name), keys.inProgress(name, poolId), keys.paused(name),
                    keys.lock(name), keys.lockInfo(name), keys.maxConcurrency(name)));
            args.add(name);
        }
    }

    private void addWorkers(List<String> idleWorkers) {
        header(ARG_WORKER_KEYS, keyList.size() + 1);
        idleWorkers.forEach(id -> keyList.add(keys.worker(id)));
    }

    private void addAttempts(List<AttemptOutcome> ended) {
        header(ARG_ATTEMPT_KEYS, keyList.size() + 1);
        header(ARG_ATTEMPT_ARGS, args.size() + 1);
        ended.forEach(this::addAttempt);
    }

    private void addAttempt(AttemptOutcome outcome) {
        FetchedJob fetched = outcome.fetched();
        String trackingId = fetched.job() == null ? "" : fetched.job().trackingId();
        String policyId = fetched.job() == null ? null : fetched.job().periodicPolicyId();
        keyList.addAll(List.of(keys.inProgress(fetched.queueName(), poolId), keys.lock(fetched.queueName()),
                keys.lockInfo(fetched.queueName()), keys.jobStats(trackingId), keys.worker(fetched.workerId()),
                keys.executions(policyId == null ? "" : policyId)));
        JobStatus status = outcome.status();
        boolean retry = outcome.retryAt() > 0;
        boolean dead = outcome.failedJob() != null && !retry;
        args.addAll(List.of(fetched.json(), status == null ? "" : status.wireName(), Long.toString(outcome.revision()),
                Long.toString(status == null ? 0 : ttls.of(status)), trackingId,
                retry ? Long.toString(outcome.retryAt()) : "", retry ? outcome.failedJob().toJson() : "",
                policyId == null ? "" : "1", dead ? outcome.failedJob().toJson() : ""));
    }

    private void header(int position, Object value) {
        args.set(position - 1, String.valueOf(value));
    }
}
