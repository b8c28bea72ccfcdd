package io.jobservice.queue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;

/** Worker pool heartbeats in gocraft's layout ({@code worker_pools} set and one hash per pool, contract 10.2). */
public final class WorkerPoolStore {

    private final RedisConnector redis;
    private final RedisKeys keys;
    private final LuaScript heartbeat = LuaScript.load("heartbeat");
    private final LuaScript removePool = LuaScript.load("remove_pool");

    public WorkerPoolStore(RedisConnector redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /**
     * Writes the pool's heartbeat hash fields and keeps it in the pool set.
     *
     * @return true when the pool was not in the set before: a first beat, or a pool that was declared dead
     */
    public boolean heartbeat(String poolId, Map<String, String> fields) {
        List<String> args = new ArrayList<>(1 + 2 * fields.size());
        args.add(poolId);
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        Long added = heartbeat.run(redis.commands(), ScriptOutputType.INTEGER,
                new String[] {keys.workerPools(), keys.heartbeat(poolId)}, args.toArray(String[]::new));
        return added != null && added == 1L;
    }

    /** Every pool id in the pool set, with or without a heartbeat hash. */
    public Set<String> poolIds() {
        return redis.commands().smembers(keys.workerPools());
    }

    /** Every job type name ever registered ({@code known_jobs}). */
    public Set<String> knownJobs() {
        return redis.commands().smembers(keys.knownJobs());
    }

    /**
     * Pool ids that hold concurrency slots of a job type: {@code lock_info} fields with a count above 0 (gocraft
     * leaves a field at 0 when a pool's last job of the type ends, contract 10.5).
     */
    public Set<String> poolsHoldingSlots(String jobName) {
        Map<String, String> counts = redis.commands().hgetall(keys.lockInfo(jobName));
        return counts.keySet().stream().filter(pool -> number(counts, pool) > 0)
                .collect(Collectors.toSet());
    }

    /** Removes the pool's heartbeat at a clean stop. */
    public void remove(String poolId) {
        removePool.run(redis.commands(), ScriptOutputType.INTEGER,
                new String[] {keys.workerPools(), keys.heartbeat(poolId)}, poolId);
    }

    /** A numeric field of a heartbeat hash ({@code heartbeat_at}, {@code started_at}...), 0 when absent or malformed. */
    public static long number(Map<String, String> heartbeat, String field) {
        String text = heartbeat.get(field);
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Every pool's heartbeat hash, keyed by pool id, read in one pipelined round trip; pools without a hash are left out. */
    public Map<String, Map<String, String>> pools() {
        Set<String> ids = redis.commands().smembers(keys.workerPools());
        var async = redis.async();
        Map<String, RedisFuture<Map<String, String>>> hashes = new TreeMap<>();
        ids.forEach(id -> hashes.put(id, async.hgetall(keys.heartbeat(id))));
        Map<String, Map<String, String>> result = new TreeMap<>();
        hashes.forEach((id, future) -> {
            Map<String, String> hash = redis.await(future);
            if (hash != null && !hash.isEmpty()) {
                result.put(id, hash);
            }
        });
        return result;
    }

    /**
     * The observation hashes of these workers ({@code worker:<id>}: job_name, job_id, started_at, checkin,
     * checkin_at while a job runs), keyed by worker id, in one pipelined round trip; workers without one are left out.
     */
    public Map<String, Map<String, String>> workers(Collection<String> workerIds) {
        var async = redis.async();
        Map<String, RedisFuture<Map<String, String>>> hashes = new LinkedHashMap<>();
        workerIds.forEach(id -> hashes.put(id, async.hgetall(keys.worker(id))));
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        hashes.forEach((id, future) -> {
            Map<String, String> hash = redis.await(future);
            if (hash != null && !hash.isEmpty()) {
                result.put(id, hash);
            }
        });
        return result;
    }
}
