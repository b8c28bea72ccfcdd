package io.jobservice.queue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;

/**
 * Hook events waiting for delivery (decisions D4). The scripts that change a status queue the event in the same
 * step ({@code emit_hook} in lib/status.lua): one list per job, so a job's events go out in order, and a zset of
 * jobs due for an attempt, which a node claims for a lease while it delivers. Events stay until delivered,
 * outdated, or the job's stats expire, so none is lost on a restart or a crash.
 */
public final class HookEventStore {

    private final RedisConnector redis;
    private final RedisKeys keys;
    private final LuaScript done = LuaScript.load("hook_done");
    private final LuaScript park = LuaScript.load("hook_park");
    private final LuaScript forget = LuaScript.load("hook_forget");
    private final LuaScript claim = LuaScript.load("hook_claim");

    public HookEventStore(RedisConnector redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Claims up to {@code limit} due jobs for this node for {@code leaseMs} (hook_claim.lua), earliest first. */
    public List<String> claimDue(long nowMs, long leaseMs, int limit) {
        return claim.run(redis.commands(), ScriptOutputType.MULTI, new String[] {keys.hookDue()},
                Long.toString(nowMs), Long.toString(leaseMs), Integer.toString(limit));
    }

    /**
     * The job's oldest undelivered event and its stats.
     *
     * @param event the event JSON, or null when none is left
     * @param stats the job's stats, or null when they are gone
     */
    public record Head(String event, JobStats stats) {
    }

    /** The job's oldest undelivered event and its current stats, read in one pipelined round trip. */
    public Head head(String jobId) {
        var async = redis.async();
        var event = async.lindex(keys.hookPending(jobId), 0);
        var stats = async.hgetall(keys.jobStats(jobId));
        return new Head(redis.await(event), JobStats.fromHash(redis.await(stats)));
    }

    /**
     * What is left of a job's events after one was taken off.
     *
     * @param left how many events are left
     * @param next the oldest of them and the job's stats, read in the same script, when the caller goes on
     */
    public record Left(long left, Head next) {
    }

    /**
     * The event was delivered: stores the ACK and takes it off the list. With events left, the job is due again at
     * {@code nextDueMs}: now to hand it back to the sweeper, or later to keep the claim while delivering on.
     *
     * @param checkIn whether the event is a check-in (see lib/status.lua {@code outdated_by_ack})
     * @param goOn    whether the caller goes on with the next event (its head is then read in the same script)
     */
    public Left delivered(String jobId, String event, JobStatus status, long revision, long checkInAt,
                          boolean checkIn, long nowMs, long nextDueMs, boolean goOn) {
        return done(jobId, event, nowMs, "1", status.wireName(), Long.toString(revision), Long.toString(checkInAt),
                JobStatsStore.ackJson(status, revision, checkInAt), nextDueMs, goOn, checkIn);
    }

    /** The event is outdated (a newer one was acknowledged): takes it off the list without sending it. */
    public Left skipped(String jobId, String event, long nowMs, long nextDueMs, boolean goOn) {
        return done(jobId, event, nowMs, "0", "", "0", "0", "", nextDueMs, goOn, false);
    }

    private Left done(String jobId, String event, long nowMs, String store, String status, String revision,
                      String checkInAt, String ack, long nextDueMs, boolean goOn, boolean checkIn) {
        List<Object> reply = done.run(redis.commands(), ScriptOutputType.MULTI,
                new String[] {keys.hookPending(jobId), keys.hookDue(), keys.hookAttempts(), keys.jobStats(jobId),
                        keys.jobTrack()},
                jobId, event, Long.toString(nowMs), store, status, revision, checkInAt, ack, Long.toString(nextDueMs),
                goOn ? "1" : "0", checkIn ? "1" : "0");
        long left = reply == null || reply.isEmpty() ? 0 : (Long) reply.get(0);
        if (reply == null || reply.size() < 3) {
            return new Left(left, null);
        }
        @SuppressWarnings("unchecked")
        List<String> fields = (List<String>) reply.get(2);
        Map<String, String> stats = new HashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            stats.put(fields.get(i), fields.get(i + 1));
        }
        return new Left(left, new Head((String) reply.get(1), JobStats.fromHash(stats)));
    }

    /**
     * Schedules the job's next attempt after a failed delivery, with a back-off doubling from {@code firstDelayMs}
     * up to {@code maxDelayMs} per parking; returns the delay chosen in ms.
     */
    public long park(String jobId, long nowMs, long firstDelayMs, long maxDelayMs) {
        Long delay = park.run(redis.commands(), ScriptOutputType.INTEGER,
                new String[] {keys.hookDue(), keys.hookAttempts()}, jobId, Long.toString(nowMs),
                Long.toString(firstDelayMs), Long.toString(maxDelayMs),
                Double.toString(ThreadLocalRandom.current().nextDouble()));
        return delay == null ? firstDelayMs : delay;
    }

    /**
     * Gives a claimed job back for a later attempt at {@code dueMs}, its events untouched (its receiver's share of
     * the deliveries is taken); a job no longer due (its events are gone) is left alone.
     */
    public void defer(String jobId, long dueMs) {
        redis.commands().zadd(keys.hookDue(), ZAddArgs.Builder.xx(), (double) dueMs, jobId);
    }

    /** Drops every event of a job whose stats are gone; returns how many. */
    public long forget(String jobId) {
        Long dropped = forget.run(redis.commands(), ScriptOutputType.INTEGER,
                new String[] {keys.hookPending(jobId), keys.hookDue(), keys.hookAttempts()}, jobId);
        return dropped == null ? 0 : dropped;
    }

    /**
     * Where a job's hook delivery stands.
     *
     * @param pending       the oldest undelivered events (JSON as queued), at most the number asked for
     * @param pendingCount  undelivered events in all
     * @param attempts      times its events were parked after a failed delivery (0 when not parked)
     * @param nextAttemptMs when the sweeper tries it next (epoch ms), or null when nothing is due
     */
    public record DeliveryState(List<String> pending, long pendingCount, long attempts, Long nextAttemptMs) {
    }

    /** A job's hook delivery state, read in one pipelined round trip. */
    public DeliveryState state(String jobId, int maxPending) {
        var async = redis.async();
        var pending = async.lrange(keys.hookPending(jobId), 0, maxPending - 1L);
        var count = async.llen(keys.hookPending(jobId));
        var attempts = async.hget(keys.hookAttempts(), jobId);
        var due = async.zscore(keys.hookDue(), jobId);
        String parked = redis.await(attempts);
        Double dueAt = redis.await(due);
        return new DeliveryState(redis.await(pending), redis.await(count), parked == null ? 0 : Long.parseLong(parked),
                dueAt == null ? null : dueAt.longValue());
    }
}
