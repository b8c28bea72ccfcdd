package io.jobservice.queue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

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

    /**
     * Moves up to {@code limit} due scheduled jobs onto their queues; an entry of a type not in {@code jobTypes}
     * goes to the dead set instead. Returns how many moved to queues.
     *
     * @param jobTypes the types some live pool of the cluster runs
     */
    public long moveDueScheduled(long now, int limit, Collection<String> jobTypes) {
        return move(keys.scheduled(), now, limit, jobTypes);
    }

    /** Moves up to {@code limit} due retries onto their queues, as {@link #moveDueScheduled} does. */
    public long moveDueRetries(long now, int limit, Collection<String> jobTypes) {
        return move(keys.retry(), now, limit, jobTypes);
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
    public List<String> scheduledPage(long page, long size) {
        long start = (page - 1) * size;
        return redis.commands().zrange(keys.scheduled(), start, start + size - 1);
    }

    private long move(String zset, long now, int limit, Collection<String> jobTypes) {
        List<String> args = new ArrayList<>(List.of(keys.jobQueuePrefix(), Long.toString(now),
                Integer.toString(limit)));
        args.addAll(jobTypes);
        Long moved = requeueDue.run(redis.commands(), ScriptOutputType.INTEGER, new String[] {zset, keys.dead()},
                args.toArray(String[]::new));
        return moved == null ? 0 : moved;
    }
}
