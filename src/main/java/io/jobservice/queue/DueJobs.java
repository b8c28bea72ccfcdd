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

    /** The run time (unix seconds) of the earliest scheduled job, or null when none is scheduled. */
    public Long earliestScheduled() {
        var first = redis.commands().zrangeWithScores(keys.scheduled(), 0, 0);
        return first.isEmpty() ? null : (long) first.get(0).getScore();
    }

    /** Number of scheduled jobs. */
    public long scheduledCount() {
        return redis.commands().zcard(keys.scheduled());
    }

    /** One page (from 1) of scheduled jobs' JSON, earliest first. */
    public java.util.List<String> scheduledPage(long page, long size) {
        long start = (page - 1) * size;
        return redis.commands().zrange(keys.scheduled(), start, start + size - 1);
    }

    private long move(String zset, long now, int limit) {
        Long moved = requeueDue.run(redis.commands(), ScriptOutputType.INTEGER, new String[] {zset},
                keys.prefix(), Long.toString(now), Integer.toString(limit));
        return moved == null ? 0 : moved;
    }
}
