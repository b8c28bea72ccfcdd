package io.jobservice.queue;

import io.lettuce.core.ScriptOutputType;

/** The scheduled and retry zsets (contract 6.1, 10.3): jobs waiting for their time. */
public final class DueJobs {

    private final RedisConnector redis;
    private final RedisKeys keys;
    private final LuaScript requeueDue = LuaScript.load("requeue_due");

    public DueJobs(RedisConnector redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Moves up to {@code limit} due scheduled jobs onto their queues; returns how many moved. */
    public long moveDueScheduled(long now, int limit) {
        return move(keys.scheduled(), now, limit);
    }

    /** Moves up to {@code limit} due retries onto their queues; returns how many moved. */
    public long moveDueRetries(long now, int limit) {
        return move(keys.retry(), now, limit);
    }

    private long move(String zset, long now, int limit) {
        Long moved = requeueDue.run(redis.commands(), ScriptOutputType.INTEGER, new String[] {zset},
                keys.prefix(), Long.toString(now), Integer.toString(limit));
        return moved == null ? 0 : moved;
    }
}
