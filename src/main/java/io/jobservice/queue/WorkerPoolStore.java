package io.jobservice.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** Writes the pool's heartbeat hash fields and keeps it in the pool set. */
    public void heartbeat(String poolId, Map<String, String> fields) {
        List<String> args = new ArrayList<>(1 + 2 * fields.size());
        args.add(poolId);
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        heartbeat.run(redis.commands(), ScriptOutputType.INTEGER,
                new String[] {keys.workerPools(), keys.heartbeat(poolId)}, args.toArray(String[]::new));
    }

    /** Removes the pool's heartbeat at a clean stop. */
    public void remove(String poolId) {
        removePool.run(redis.commands(), ScriptOutputType.INTEGER,
                new String[] {keys.workerPools(), keys.heartbeat(poolId)}, poolId);
    }

    /** Every pool's heartbeat hash, keyed by pool id; pools without a hash are left out. */
    public Map<String, Map<String, String>> pools() {
        Set<String> ids = redis.commands().smembers(keys.workerPools());
        Map<String, Map<String, String>> result = new java.util.TreeMap<>();
        for (String id : ids) {
            Map<String, String> hash = redis.commands().hgetall(keys.heartbeat(id));
            if (hash != null && !hash.isEmpty()) {
                result.put(id, hash);
            }
        }
        return result;
    }
}
