package io.jobservice.queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.jobservice.json.Json;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;

/** Reads job stats and changes their status by compare-and-set (contract 3), each change one script. */
public final class JobStatsStore {

    /** TTLs of final statuses (contract 3.2), configurable. */
    public record Ttls(long successSeconds, long stoppedSeconds, long errorSeconds) {
        public static final Ttls HARBOR = new Ttls(86_400, 86_400, 604_800);

        public long of(JobStatus status) {
            return switch (status) {
                case SUCCESS -> successSeconds;
                case STOPPED -> stoppedSeconds;
                case ERROR -> errorSeconds;
                default -> 0;
            };
        }
    }

    /** Result of a status write. */
    public enum WriteResult {
        /** Written. */
        OK,
        /** Refused by the compare-and-set rule: nothing changed. */
        MISMATCH,
        /** The stats do not exist (expired or never saved). */
        MISSING;

        static WriteResult of(String scriptResult) {
            return switch (scriptResult) {
                case "ok" -> OK;
                case "missing" -> MISSING;
                default -> MISMATCH;
            };
        }
    }

    private final RedisConnector redis;
    private final RedisKeys keys;
    private final Ttls ttls;
    private final LuaScript setStatus = LuaScript.load("set_status");
    private final LuaScript checkIn = LuaScript.load("check_in");
    private final LuaScript stopJob = LuaScript.load("stop_job");
    private final LuaScript ack = LuaScript.load("ack");
    private final LuaScript reapStatus = LuaScript.load("reap_status");

    public JobStatsStore(RedisConnector redis, RedisKeys keys, Ttls ttls) {
        this.redis = redis;
        this.keys = keys;
        this.ttls = ttls;
    }

    public Ttls ttls() {
        return ttls;
    }

    /** The job's stats, or null when absent or expired. */
    public JobStats get(String jobId) {
        Map<String, String> hash = redis.commands().hgetall(keys.jobStats(jobId));
        return JobStats.fromHash(hash);
    }

    /** The stats of several jobs, pipelined in one round trip; absent or expired ones are left out. */
    public List<JobStats> getAll(List<String> jobIds) {
        RedisAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<Map<String, String>>> futures = new ArrayList<>(jobIds.size());
        for (String id : jobIds) {
            futures.add(async.hgetall(keys.jobStats(id)));
        }
        List<JobStats> result = new ArrayList<>(jobIds.size());
        for (RedisFuture<Map<String, String>> future : futures) {
            JobStats stats = JobStats.fromHash(redis.await(future));
            if (stats != null) {
                result.add(stats);
            }
        }
        return result;
    }

    /**
     * Stores the ACK of a delivered hook unless the stored one outdates it (contract 3.4, with the rule of
     * lib/status.lua {@code outdated_by_ack}); an ACKed final status drops one reference from the in-progress counter.
     *
     * @param checkIn whether the event was a check-in
     * @return true when stored
     */
    public boolean ack(String jobId, JobStatus status, long revision, long checkInAt, boolean checkIn) {
        String result = ack.run(redis.commands(), ScriptOutputType.VALUE,
                new String[] {keys.jobStats(jobId), keys.jobTrack()},
                jobId, status.wireName(), Long.toString(revision), Long.toString(checkInAt), checkIn ? "1" : "0",
                ackJson(status, revision, checkInAt));
        return "ok".equals(result);
    }

    /** The {@code ack} field as Harbor stores it: {@code {"status","revision","check_in_at"}}. */
    static String ackJson(JobStatus status, long revision, long checkInAt) {
        return "{\"status\":\"" + status.wireName() + "\",\"revision\":" + revision + ",\"check_in_at\":"
                + checkInAt + "}";
    }

    /** What the status reaper did with one tracked job (reap_status.lua). */
    public enum ReapAction { REMOVED, ERROR, RESEND, SYNCED, NONE }

    /** Runs Harbor's status reaper rule on one tracked job. */
    public ReapAction reapStatus(String jobId, long now, long hungAfterSeconds) {
        String result = reapStatus.run(redis.commands(), ScriptOutputType.VALUE,
                new String[] {keys.jobStats(jobId), keys.jobTrack(), keys.hookDue()}, jobId, Long.toString(now),
                Long.toString(hungAfterSeconds), Long.toString(ttls.of(JobStatus.SUCCESS)),
                Long.toString(ttls.of(JobStatus.STOPPED)), Long.toString(ttls.of(JobStatus.ERROR)),
                keys.hookPendingPrefix());
        return ReapAction.valueOf(result.toUpperCase(Locale.ROOT));
    }

    /** One HSCAN step over Harbor's in-progress tracking hash: job ids and the next cursor (0 when done). */
    public record TrackedPage(List<String> jobIds, long nextCursor) {
    }

    public TrackedPage tracked(long cursor, int count) {
        MapScanCursor<String, String> page = redis.commands().hscan(keys.jobTrack(),
                ScanCursor.of(Long.toString(cursor)), ScanArgs.Builder.limit(count));
        return new TrackedPage(List.copyOf(page.getMap().keySet()),
                page.isFinished() ? 0 : Long.parseLong(page.getCursor()));
    }

    /** A job's stored status (null when its stats are gone) and revision. */
    public record StatusAndRevision(JobStatus status, long revision) {
    }

    /** The status and revision of several jobs, in their order, pipelined in one round trip. */
    public List<StatusAndRevision> statusesAndRevisions(List<String> jobIds) {
        RedisAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<List<KeyValue<String, String>>>> futures = new ArrayList<>();
        for (String id : jobIds) {
            futures.add(async.hmget(keys.jobStats(id), "status", "revision"));
        }
        List<StatusAndRevision> result = new ArrayList<>(jobIds.size());
        for (var future : futures) {
            List<KeyValue<String, String>> values = redis.await(future);
            String status = values.get(0).getValueOrElse(null);
            String revision = values.get(1).getValueOrElse(null);
            result.add(new StatusAndRevision(JobStatus.fromWire(status), revision == null ? 0 : Long.parseLong(revision)));
        }
        return result;
    }

    /** Stops a Generic or Scheduled job (stop_job.lua); returns "ok", "final" or "missing". */
    public String stop(JobStats current, long now) {
        String uniqueKey = keys.unique(current.name(), current.unique() ? canonicalParameters(current.parameters()) : null);
        return stopJob.run(redis.commands(), ScriptOutputType.VALUE,
                new String[] {keys.jobStats(current.id()), keys.jobTrack(), keys.scheduled(), uniqueKey,
                        keys.hookDue()},
                current.id(), Long.toString(now), Long.toString(ttls.of(JobStatus.STOPPED)),
                keys.hookPendingPrefix());
    }

    private static String canonicalParameters(String parametersJson) {
        if (parametersJson == null) {
            return null;
        }
        try {
            return GoJson.write(Json.read(parametersJson));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // parameters no unique key can be made of (a number out of a float's range): such a job has none
            return null;
        }
    }

    /** One SCAN step over the job stats hashes: the stats found and the next cursor (0 when done). */
    public record ScanPage(List<JobStats> stats, long nextCursor) {
    }

    public ScanPage scan(long cursor, int count) {
        KeyScanCursor<String> page = redis.commands().scan(ScanCursor.of(Long.toString(cursor)),
                ScanArgs.Builder.matches(keys.jobStats("*")).limit(count));
        return new ScanPage(getAll(page.getKeys().stream().map(k -> k.substring(keys.jobStats("").length())).toList()),
                page.isFinished() ? 0 : Long.parseLong(page.getCursor()));
    }

    /** Writes {@code status} if the compare-and-set rule allows it for {@code revision}. */
    public WriteResult setStatus(String jobId, JobStatus status, long revision, long now) {
        String result = setStatus.run(redis.commands(), ScriptOutputType.VALUE,
                new String[] {keys.jobStats(jobId), keys.jobTrack(), keys.hookDue()}, jobId, status.wireName(),
                Long.toString(revision), Long.toString(now), Long.toString(ttls.of(status)), keys.hookPendingPrefix());
        return WriteResult.of(result);
    }

    /** Records a check-in time on the stats and on the worker's observation; false when the stats are gone. */
    public boolean checkIn(String jobId, String workerId, String message, long now) {
        Long result = checkIn.run(redis.commands(), ScriptOutputType.INTEGER,
                new String[] {keys.jobStats(jobId), keys.worker(workerId), keys.hookDue()}, Long.toString(now), message,
                jobId, keys.hookPendingPrefix());
        return result != null && result == 1L;
    }

    /** The stored status only, or null when the stats are gone. */
    public JobStatus status(String jobId) {
        return JobStatus.fromWire(redis.commands().hget(keys.jobStats(jobId), "status"));
    }

    static JobStats statsFrom(List<Object> flatHash) {
        Map<String, String> hash = new HashMap<>();
        for (int i = 0; i + 1 < flatHash.size(); i += 2) {
            hash.put((String) flatHash.get(i), (String) flatHash.get(i + 1));
        }
        return JobStats.fromHash(hash);
    }
}
