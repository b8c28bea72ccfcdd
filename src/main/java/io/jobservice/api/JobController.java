package io.jobservice.api;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jobservice.job.JobIds;
import io.jobservice.job.JobKind;
import io.jobservice.job.JobParameterException;
import io.jobservice.job.JobRequestValidator;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.jobservice.json.Json;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.JobStatsStore;
import io.jobservice.queue.QueuedJob;
import io.jobservice.queue.WorkerPoolStore;

/** What the API routes do, without HTTP: submit, read stats, pool stats and the Redis config (Harbor's controller). */
public final class JobController {

    /** A pool whose last heartbeat is older than this is reported Dead (contract 1.3). */
    private static final long HEALTHY_HEARTBEAT_SECONDS = 10;

    private final JobRequestValidator validator;
    private final JobQueue queue;
    private final JobStatsStore stats;
    private final WorkerPoolStore pools;
    private final Map<String, Object> redisPoolConfig;
    private final Runnable onEnqueued;
    private final Clock clock;

    /**
     * @param redisPoolConfig what {@code GET /api/v1/config} reports
     * @param onEnqueued      called after a job was queued, to wake the local fetcher
     */
    public JobController(JobRequestValidator validator, JobQueue queue, JobStatsStore stats, WorkerPoolStore pools,
                         Map<String, Object> redisPoolConfig, Runnable onEnqueued, Clock clock) {
        this.validator = validator;
        this.queue = queue;
        this.stats = stats;
        this.pools = pools;
        this.redisPoolConfig = redisPoolConfig;
        this.onEnqueued = onEnqueued;
        this.clock = clock;
    }

    /** Validates and queues a job; returns the 202 body. */
    public Map<String, Object> launch(String body) {
        JobRequestParser.Parsed parsed = JobRequestParser.parse(body);
        JobKind kind;
        try {
            kind = validator.validate(parsed.request());
        } catch (JobParameterException e) {
            throw new ApiException(400, ErrorCode.BAD_REQUEST, e.getMessage());
        }
        if (kind == JobKind.PERIODIC) {
            throw new ApiException(501, ErrorCode.LAUNCH_JOB, "Periodic jobs are not implemented yet");
        }
        long now = clock.millis() / 1000;
        String id = JobIds.newId();
        String name = parsed.request().name();
        boolean unique = parsed.request().unique();
        String parametersJson = parsed.parameters() == null ? null : Json.write(parsed.parameters());
        long runAt = kind == JobKind.SCHEDULED ? now + parsed.request().scheduleDelay() : 0;
        JobStats jobStats = JobStats.newJob(id, name, kind, kind == JobKind.SCHEDULED ? JobStatus.SCHEDULED : JobStatus.PENDING,
                unique, parsed.request().statusHook(), parametersJson, now);
        if (runAt > 0) {
            jobStats = withRunAt(jobStats, runAt);
        }
        QueuedJob queued = new QueuedJob(name, id, now, parsed.parameters(), unique, 0, null, 0);
        if (!queue.enqueue(jobStats, queued, runAt)) {
            throw new ApiException(409, ErrorCode.CONFLICT,
                    "job '" + name + "' with the same parameters is already queued or scheduled");
        }
        onEnqueued.run();
        return StatsJson.of(jobStats, false);
    }

    /** The stats of one job. */
    public Map<String, Object> get(String jobId) {
        JobStats found = stats.get(jobId);
        if (found == null) {
            throw new ApiException(404, ErrorCode.NOT_FOUND, jobId);
        }
        return StatsJson.of(found, true);
    }

    /** Every live pool of the namespace, as {@code /api/v1/stats} reports them. */
    public Map<String, Object> workerPools() {
        long now = clock.millis() / 1000;
        List<Map<String, Object>> result = new ArrayList<>();
        pools.pools().forEach((poolId, hash) -> {
            long heartbeatAt = number(hash.get("heartbeat_at"));
            if (heartbeatAt == 0) {
                return;
            }
            Map<String, Object> pool = new LinkedHashMap<>();
            pool.put("worker_pool_id", poolId);
            pool.put("started_at", number(hash.get("started_at")));
            pool.put("heartbeat_at", heartbeatAt);
            String names = hash.getOrDefault("job_names", "");
            pool.put("job_names", names.isEmpty() ? List.of() : Arrays.stream(names.split(",")).sorted().toList());
            pool.put("concurrency", number(hash.get("concurrency")));
            pool.put("status", now - heartbeatAt < HEALTHY_HEARTBEAT_SECONDS ? "Healthy" : "Dead");
            result.add(pool);
        });
        if (result.isEmpty()) {
            throw new ApiException(500, ErrorCode.CHECK_STATS, "failed to get stats of worker pools");
        }
        return Map.of("worker_pools", result);
    }

    /** Harbor's {@code GET /api/v1/config} body. */
    public Map<String, Object> config() {
        return Map.of("redis_pool_config", redisPoolConfig);
    }

    private static JobStats withRunAt(JobStats s, long runAt) {
        return new JobStats(s.id(), s.status(), s.name(), s.kind(), s.unique(), s.refLink(), s.cronSpec(),
                s.enqueueTime(), s.updateTime(), runAt, s.checkInAt(), s.dieAt(), s.webHookUrl(), s.upstreamJobId(),
                s.numericPolicyId(), s.parameters(), s.revision(), s.ack());
    }

    private static long number(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
