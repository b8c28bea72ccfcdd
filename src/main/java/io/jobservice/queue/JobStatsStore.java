package io.jobservice.queue;

import java.util.List;
import java.util.Map;

import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.lettuce.core.ScriptOutputType;

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

    /** Writes {@code status} if the compare-and-set rule allows it for {@code revision}. */
    public WriteResult setStatus(String jobId, JobStatus status, long revision, long now) {
        String result = setStatus.run(redis.commands(), ScriptOutputType.VALUE,
                new String[] {keys.jobStats(jobId), keys.jobTrack()},
                jobId, status.wireName(), Long.toString(revision), Long.toString(now), Long.toString(ttls.of(status)));
        return WriteResult.of(result);
    }

    /** Records a check-in time on the stats and on the worker's observation; false when the stats are gone. */
    public boolean checkIn(String jobId, String workerId, String message, long now) {
        Long result = checkIn.run(redis.commands(), ScriptOutputType.INTEGER,
                new String[] {keys.jobStats(jobId), keys.worker(workerId)}, Long.toString(now), message);
        return result != null && result == 1L;
    }

    /** The stored status only, or null when the stats are gone. */
    public JobStatus status(String jobId) {
        return JobStatus.fromWire(redis.commands().hget(keys.jobStats(jobId), "status"));
    }

    static JobStats statsFrom(List<Object> flatHash) {
        Map<String, String> hash = new java.util.HashMap<>();
        for (int i = 0; i + 1 < flatHash.size(); i += 2) {
            hash.put((String) flatHash.get(i), (String) flatHash.get(i + 1));
        }
        return JobStats.fromHash(hash);
    }
}
