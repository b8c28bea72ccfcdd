package io.jobservice.queue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The job queues in gocraft/work's layout (contract 10.2, 10.3): one list per job type, one in-progress list per
 * type and pool, and the per-type concurrency counters. Every move is one Lua script, so a crash between two
 * writes cannot leave a job half-moved.
 */
public final class JobQueue {

    /** gocraft keeps a unique key for at most a day (contract 6.2). */
    private static final long UNIQUE_TTL_SECONDS = 86_400;

    /** How long and how many exhausted jobs the dead set keeps (newest 10,000 or 7 days by default). */
    public record DeadSetLimits(long maxAgeSeconds, long maxEntries) {
        public static final DeadSetLimits DEFAULT = new DeadSetLimits(7 * 86_400, 10_000);
    }

    private final RedisConnector redis;
    private final RedisKeys keys;
    private final JobStatsStore statsStore;
    private final DeadSetLimits deadSetLimits;
    private final LuaScript launch = LuaScript.load("launch");
    private final LuaScript cycle = LuaScript.load("cycle");
    private final LuaScript reapPool = LuaScript.load("reap_pool");
    private final LuaScript requeueStranded = LuaScript.load("requeue_stranded");

    public JobQueue(RedisConnector redis, RedisKeys keys, JobStatsStore statsStore) {
        this(redis, keys, statsStore, DeadSetLimits.DEFAULT);
    }

    public JobQueue(RedisConnector redis, RedisKeys keys, JobStatsStore statsStore, DeadSetLimits deadSetLimits) {
        this.redis = redis;
        this.keys = keys;
        this.statsStore = statsStore;
        this.deadSetLimits = deadSetLimits;
    }

    /**
     * Saves the stats and queues the job in one step.
     *
     * @param runAt 0 to queue now, else the unix time it is due (kept in the scheduled zset)
     * @return false when the job is unique and a duplicate is already waiting; nothing is written then
     */
    public boolean enqueue(JobStats stats, QueuedJob job, long runAt) {
        Long result = launch.run(redis.commands(), ScriptOutputType.INTEGER, launchKeys(stats, job, runAt),
                launchArgs(stats, job, runAt));
        return result != null && result == 1L;
    }

    /** {@link #enqueue} without waiting for Redis: completes with false for a unique duplicate. */
    public CompletionStage<Boolean> enqueueAsync(JobStats stats, QueuedJob job, long runAt) {
        return launch.<Long>runAsync(redis.async(), ScriptOutputType.INTEGER, launchKeys(stats, job, runAt),
                launchArgs(stats, job, runAt)).thenApply(result -> result != null && result == 1L);
    }

    private String[] launchKeys(JobStats stats, QueuedJob job, long runAt) {
        String target = runAt > 0 ? keys.scheduled() : keys.jobQueue(job.name());
        // KEYS[4] is unused for a job that is not unique, but Redis needs a key of the same slot there
        String uniqueKey = keys.unique(job.name(), job.unique() ? job.canonicalArgs() : null);
        return new String[] {keys.jobStats(stats.id()), keys.jobTrack(), target, uniqueKey};
    }

    private static String[] launchArgs(JobStats stats, QueuedJob job, long runAt) {
        List<String> args = new ArrayList<>(List.of(stats.id(), job.toJson(), job.unique() ? "1" : "0",
                Long.toString(runAt), Long.toString(UNIQUE_TTL_SECONDS)));
        stats.toHash().forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return args.toArray(String[]::new);
    }

    /**
     * Records the job types this pool serves, as gocraft does at pool start: {@code known_jobs} and each type's
     * {@code max_concurrency}.
     */
    public void registerJobTypes(Map<String, Integer> maxConcurrencyByName) {
        RedisCommands<String, String> commands = redis.commands();
        if (!maxConcurrencyByName.isEmpty()) {
            commands.sadd(keys.knownJobs(), maxConcurrencyByName.keySet().toArray(String[]::new));
        }
        maxConcurrencyByName.forEach((name, max) -> commands.set(keys.maxConcurrency(name), Integer.toString(max)));
    }

    /**
     * What one {@link #cycle} did: the status write of each ended attempt, the jobs fetched, and the queued entries
     * that could not be run and went to the dead set instead.
     */
    public record Cycle(List<JobStatsStore.WriteResult> results, List<FetchedJob> fetched, List<BuriedEntry> buried) {
    }

    /**
     * A queued entry moved to the dead set by a fetch because it cannot be run (it does not decode, has no id, its
     * parameters cannot be encoded, or its stats have an unknown status); its stats, if any, are Error.
     *
     * @param jobName the queue it was in
     * @param jobId   its id, or "" when it has none
     * @param reason  why it cannot be run
     */
    public record BuriedEntry(String jobName, String jobId, String reason) {
    }

    /**
     * One turn of the worker pool in one script call (cycle.lua, its arguments laid out by {@link CycleLayout}):
     * records how the given attempts ended, then takes up to one job per idle worker and marks each Running.
     *
     * @param poolId                this pool
     * @param ended                 attempts to record
     * @param jobNames              job types in the order to try them
     * @param idleWorkers           the workers to fetch for
     * @param maxPerType            most workers of this pool one job type may hold
     * @param now                   unix seconds
     * @param observationTtlSeconds TTL of the worker observation hashes
     */
    public Cycle cycle(String poolId, List<AttemptOutcome> ended, List<String> jobNames, List<String> idleWorkers,
                       int maxPerType, long now, long observationTtlSeconds) {
        CycleLayout layout = new CycleLayout(keys, poolId, now, maxPerType, observationTtlSeconds, deadSetLimits,
                statsStore.ttls(), jobNames, idleWorkers, ended);
        List<Object> reply = cycle.run(redis.commands(), ScriptOutputType.MULTI, layout.keys(), layout.args());
        List<JobStatsStore.WriteResult> results = new ArrayList<>(ended.size());
        List<?> rawResults = (List<?>) reply.get(0);
        for (int i = 0; i < ended.size(); i++) {
            results.add(ended.get(i).status() == null ? null : JobStatsStore.WriteResult.of((String) rawResults.get(i)));
        }
        List<FetchedJob> jobs = new ArrayList<>();
        for (Object row : (List<?>) reply.get(1)) {
            jobs.add(toFetchedJob((List<?>) row, jobNames, idleWorkers));
        }
        List<BuriedEntry> buried = new ArrayList<>();
        for (Object row : (List<?>) reply.get(2)) {
            List<?> fields = (List<?>) row;
            buried.add(new BuriedEntry(jobNames.get(((Long) fields.get(0)).intValue()), (String) fields.get(1),
                    (String) fields.get(2)));
        }
        return new Cycle(results, jobs, buried);
    }

    @SuppressWarnings("unchecked")
    private static FetchedJob toFetchedJob(List<?> row, List<String> jobNames, List<String> workerIds) {
        int workerIndex = ((Long) row.get(0)).intValue();
        String json = (String) row.get(1);
        FetchedJob.Action action = switch ((String) row.get(2)) {
            case "run" -> FetchedJob.Action.RUN;
            case "skip" -> FetchedJob.Action.SKIP;
            case "done" -> FetchedJob.Action.DONE;
            default -> FetchedJob.Action.NO_STATS;
        };
        JobStats stats = JobStatsStore.statsFrom((List<Object>) row.get(3));
        String queueName = jobNames.get(((Long) row.get(4)).intValue());
        QueuedJob job;
        try {
            job = QueuedJob.parse(json);
        } catch (Exception e) {
            job = null;
            action = FetchedJob.Action.INVALID;
        }
        return new FetchedJob(workerIds.get(workerIndex - 1), queueName, json, job, action, stats);
    }

    /** Deletes a unique job's key once it is picked up, so an identical job may be queued again (contract 6.2). */
    public void releaseUnique(QueuedJob job) {
        redis.commands().del(keys.unique(job.name(), job.canonicalArgs()));
    }

    /**
     * Gives back everything the pool holds (reap_pool.lua): in-progress jobs back on their queues, concurrency
     * slots returned, heartbeat removed.
     *
     * @param staleBefore a pool still in the pool set with a heartbeat after this unix time is alive and left
     *                    alone; {@code Long.MAX_VALUE} to reap unconditionally (a clean stop)
     * @return the number of jobs moved, or -1 when the pool turned out to be alive
     */
    public long reapPool(String poolId, Collection<String> jobNames, long staleBefore) {
        List<String> keyList = new ArrayList<>(List.of(keys.workerPools(), keys.heartbeat(poolId)));
        for (String name : jobNames) {
            keyList.add(keys.inProgress(name, poolId));
            keyList.add(keys.jobQueue(name));
            keyList.add(keys.lock(name));
            keyList.add(keys.lockInfo(name));
        }
        Long moved = reapPool.run(redis.commands(), ScriptOutputType.INTEGER, keyList.toArray(String[]::new), poolId,
                staleBefore == Long.MAX_VALUE ? "inf" : Long.toString(staleBefore));
        return moved == null ? 0 : moved;
    }

    /** Puts every unfinished job of the pool back on its queue and removes its heartbeat; returns how many moved. */
    public long requeueInProgress(String poolId, Collection<String> jobNames) {
        return reapPool(poolId, jobNames, Long.MAX_VALUE);
    }

    /** The entries of this pool's in-progress lists, by job type, read in one pipelined round trip. */
    public Map<String, List<String>> inProgress(String poolId, Collection<String> jobNames) {
        var async = redis.async();
        Map<String, RedisFuture<List<String>>> futures = new LinkedHashMap<>();
        jobNames.forEach(name -> futures.put(name, async.lrange(keys.inProgress(name, poolId), 0, -1)));
        Map<String, List<String>> result = new LinkedHashMap<>();
        futures.forEach((name, future) -> result.put(name, redis.await(future)));
        return result;
    }

    /**
     * An in-progress entry that no worker of its pool holds.
     *
     * @param jobName the type whose lists it is in
     * @param json    the entry exactly as in the list
     */
    public record StrandedEntry(String jobName, String json) {
    }

    /**
     * Puts stranded in-progress entries of this pool back on their queues, ahead of the waiting jobs, and gives back
     * their concurrency slots (requeue_stranded.lua); an entry already gone from its list is left alone.
     *
     * @param workerIds the pool's workers, whose observations of a stranded job are cleared
     * @return the number of entries moved
     */
    public long requeueStranded(String poolId, List<StrandedEntry> entries, List<String> workerIds) {
        List<String> keyList = new ArrayList<>(workerIds.size() + 4 * entries.size());
        workerIds.forEach(id -> keyList.add(keys.worker(id)));
        List<String> args = new ArrayList<>(List.of(poolId, Integer.toString(workerIds.size())));
        for (StrandedEntry entry : entries) {
            keyList.add(keys.inProgress(entry.jobName(), poolId));
            keyList.add(keys.jobQueue(entry.jobName()));
            keyList.add(keys.lock(entry.jobName()));
            keyList.add(keys.lockInfo(entry.jobName()));
            args.add(entry.json());
            args.add(trackingIdOf(entry.json()));
        }
        Long moved = requeueStranded.run(redis.commands(), ScriptOutputType.INTEGER, keyList.toArray(String[]::new),
                args.toArray(String[]::new));
        return moved == null ? 0 : moved;
    }

    private static String trackingIdOf(String json) {
        try {
            return QueuedJob.parse(json).trackingId();
        } catch (Exception e) {
            return "";
        }
    }

    /**
     * One job type's queue as the cluster sees it.
     *
     * @param jobName       the type
     * @param size          jobs waiting
     * @param oldestT       enqueue time of the job waiting longest, or 0 when none waits
     * @param paused        whether {@code jobs:<name>:paused} is set
     * @param running       running jobs of the type across the cluster ({@code lock})
     * @param runningByPool running jobs per pool ({@code lock_info})
     */
    public record QueueInfo(String jobName, long size, long oldestT, boolean paused, long running,
                            Map<String, Long> runningByPool) {

        /** Seconds the job waiting longest has waited at {@code now} (unix seconds); 0 when none waits. */
        public long latencySeconds(long now) {
            return oldestT == 0 ? 0 : Math.max(0, now - oldestT);
        }
    }

    /**
     * What monitoring reads, all in one pipelined round trip whatever the number of jobs.
     *
     * @param queues       one entry per job type asked for
     * @param scheduled    jobs in the {@code scheduled} zset
     * @param retry        jobs waiting for a retry
     * @param dead         jobs in the dead set
     * @param policies     periodic policies
     * @param hooksWaiting jobs with hook events not yet delivered
     * @param hooksParked  of those, jobs whose delivery failed and waits for its back-off
     */
    public record ClusterStats(List<QueueInfo> queues, long scheduled, long retry, long dead, long policies,
                               long hooksWaiting, long hooksParked) {
    }

    /** The queues of these job types, read in one pipelined round trip. */
    public List<QueueInfo> queues(Collection<String> jobNames) {
        var async = redis.async();
        List<RedisFuture<?>> futures = readQueues(async, jobNames);
        return queueInfos(futures, jobNames);
    }

    /** The queues of these job types and the cluster's counts, in one pipelined round trip. */
    public ClusterStats clusterStats(Collection<String> jobNames) {
        var async = redis.async();
        List<RedisFuture<?>> futures = readQueues(async, jobNames);
        var scheduled = async.zcard(keys.scheduled());
        var retry = async.zcard(keys.retry());
        var dead = async.zcard(keys.dead());
        var policies = async.zcard(keys.periodicPolicies());
        var hooksWaiting = async.zcard(keys.hookDue());
        var hooksParked = async.hlen(keys.hookAttempts());
        return new ClusterStats(queueInfos(futures, jobNames), redis.await(scheduled), redis.await(retry),
                redis.await(dead), redis.await(policies), redis.await(hooksWaiting), redis.await(hooksParked));
    }

    private List<RedisFuture<?>> readQueues(
            RedisAsyncCommands<String, String> async, Collection<String> jobNames) {
        List<RedisFuture<?>> futures = new ArrayList<>();
        for (String name : jobNames) {
            futures.add(async.llen(keys.jobQueue(name)));
            futures.add(async.lindex(keys.jobQueue(name), -1));
            futures.add(async.exists(keys.paused(name)));
            futures.add(async.get(keys.lock(name)));
            futures.add(async.hgetall(keys.lockInfo(name)));
        }
        return futures;
    }

    @SuppressWarnings("unchecked")
    private List<QueueInfo> queueInfos(List<RedisFuture<?>> futures, Collection<String> jobNames) {
        List<QueueInfo> result = new ArrayList<>();
        int i = 0;
        for (String name : jobNames) {
            long size = (Long) redis.await(futures.get(i++));
            String oldest = (String) redis.await(futures.get(i++));
            boolean paused = (Long) redis.await(futures.get(i++)) > 0;
            String lock = (String) redis.await(futures.get(i++));
            Map<String, Long> byPool = new TreeMap<>();
            Map<String, String> lockInfo = (Map<String, String>) redis.await(futures.get(i++));
            lockInfo.keySet().forEach(pool -> byPool.put(pool, WorkerPoolStore.number(lockInfo, pool)));
            result.add(new QueueInfo(name, size, enqueueTime(oldest), paused, lock == null ? 0 : Long.parseLong(lock),
                    byPool));
        }
        return result;
    }

    private static long enqueueTime(String json) {
        try {
            return json == null ? 0 : QueuedJob.parse(json).t();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Pauses or resumes a job type through Harbor's {@code jobs:<name>:paused} key, as core's dashboard does. */
    public void setPaused(String jobName, boolean paused) {
        if (paused) {
            redis.commands().set(keys.paused(jobName), "1");
        } else {
            redis.commands().del(keys.paused(jobName));
        }
    }
}
