package io.jobservice.queue;

/**
 * Every Redis key the service uses, in Harbor's and gocraft/work's layout (contract 10.2). The namespace is
 * wrapped in {@code {}} as Harbor does, so all keys share one cluster slot. No key string is built anywhere else,
 * Java or Lua: the scripts get keys as {@code KEYS}, and for the keys of jobs they discover in Redis the part before
 * the id or name ({@link #jobStatsPrefix()}, {@link #hookPendingPrefix()}, {@link #jobQueuePrefix()}) as an argument.
 */
public final class RedisKeys {

    private final String namespace;
    private final String prefix;

    public RedisKeys(String namespace) {
        this.namespace = namespace;
        this.prefix = "{" + namespace + "}:";
    }

    /** The namespace as configured, without braces (what {@code /api/v1/config} reports). */
    public String namespace() {
        return namespace;
    }

    /** {@code {ns}:}, the prefix of every key. */
    public String prefix() {
        return prefix;
    }

    public String knownJobs() {
        return prefix + "known_jobs";
    }

    public String jobQueue(String jobName) {
        return jobQueuePrefix() + jobName;
    }

    /** A queue's key without the job type's name: requeue_due.lua builds the queue of each due job from it. */
    public String jobQueuePrefix() {
        return prefix + "jobs:";
    }

    public String inProgress(String jobName, String poolId) {
        return prefix + "jobs:" + jobName + ":" + poolId + ":inprogress";
    }

    public String paused(String jobName) {
        return prefix + "jobs:" + jobName + ":paused";
    }

    public String lock(String jobName) {
        return prefix + "jobs:" + jobName + ":lock";
    }

    public String lockInfo(String jobName) {
        return prefix + "jobs:" + jobName + ":lock_info";
    }

    public String maxConcurrency(String jobName) {
        return prefix + "jobs:" + jobName + ":max_concurrency";
    }

    public String scheduled() {
        return prefix + "scheduled";
    }

    public String retry() {
        return prefix + "retry";
    }

    public String dead() {
        return prefix + "dead";
    }

    public String workerPools() {
        return prefix + "worker_pools";
    }

    public String heartbeat(String poolId) {
        return prefix + "worker_pools:" + poolId;
    }

    public String worker(String workerId) {
        return prefix + "worker:" + workerId;
    }

    /**
     * gocraft's unique key (contract 6.2): the canonical argument JSON followed by a newline, or nothing after the
     * colon for a job without arguments.
     */
    public String unique(String jobName, String canonicalArgsJson) {
        return prefix + "unique:" + jobName + ":" + (canonicalArgsJson == null ? "" : canonicalArgsJson + "\n");
    }

    public String jobStats(String jobId) {
        return jobStatsPrefix() + jobId;
    }

    /** A stats key without the job id: scripts that find job ids in Redis build the stats keys from it. */
    public String jobStatsPrefix() {
        return prefix + "job_stats:";
    }

    /** Harbor's in-progress tracking hash (contract 3.4), not gocraft's per-pool list. */
    public String jobTrack() {
        return prefix + "job_track:inprogress";
    }

    public String executions(String policyId) {
        return prefix + "executions:" + policyId;
    }

    /** Ours: a job's hook events waiting for delivery, oldest first. */
    public String hookPending(String jobId) {
        return hookPendingPrefix() + jobId;
    }

    /** The key of a job's hook events without the job id: lib/status.lua builds them from it. */
    public String hookPendingPrefix() {
        return prefix + "hooks:pending:";
    }

    /**
     * Ours: jobs with hook events to deliver, scored by the time of the next attempt in ms (a claimed job's score is
     * the end of its delivery lease).
     */
    public String hookDue() {
        return prefix + "hooks:due";
    }

    /** Ours: job id to the number of times its hook events were parked. */
    public String hookAttempts() {
        return prefix + "hooks:attempts";
    }

    public String periodicPolicies() {
        return prefix + "period:policies";
    }

    /** Ours: the last numeric policy id given, so ids never collide (decisions D2). */
    public String periodicNumericId() {
        return prefix + "period:numeric_id";
    }

    /** Ours: policy id to the last fire time handled, for the one catch-up after downtime (decisions D3). */
    public String periodicLastFire() {
        return prefix + "period:last_fire";
    }

    /**
     * Ours: the jobs that ended in the 10-second bucket starting at {@code bucketStart} (unix seconds), fields
     * {@code success} and {@code error}; cycle.lua counts them, the dashboard charts them.
     */
    public String throughput(long bucketStart) {
        return prefix + "throughput:" + bucketStart;
    }
}
