package io.jobservice.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import io.jobservice.admin.AdminService;
import io.jobservice.admin.NotFoundException;
import io.jobservice.job.JobIds;
import io.jobservice.job.JobKind;
import io.jobservice.job.JobParameterException;
import io.jobservice.job.JobRequestValidator;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.jobservice.json.Json;
import io.jobservice.json.StatsJson;
import io.jobservice.job.JobRequest;
import io.jobservice.job.PeriodicPolicy;
import io.jobservice.logs.JobLogException;
import io.jobservice.logs.JobLogs;
import io.jobservice.queue.DueJobs;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.JobStatsStore;
import io.jobservice.queue.PeriodicPolicyStore;
import io.jobservice.queue.QueuedJob;
import io.jobservice.queue.WorkerPoolStore;

/** What the API routes do, without HTTP: submit, read stats, pool stats and the Redis config (Harbor's controller). */
public final class JobController {

    /** A pool whose last heartbeat is older than this is reported Dead (contract 1.3). */
    private static final long HEALTHY_HEARTBEAT_SECONDS = 10;

    /** Scheduled jobs are listed 20 to a page, whatever page_size says (contract 1.3). */
    private static final int SCHEDULED_PAGE_SIZE = 20;

    /** The stores the controller reads and writes. */
    public record Stores(JobQueue queue, JobStatsStore stats, WorkerPoolStore pools, PeriodicPolicyStore policies,
                         DueJobs dueJobs) {
    }

    /**
     * Who to tell about changes made through the API on this node.
     *
     * @param jobQueued       a job was queued: wake the local workers
     * @param jobScheduled    a job was scheduled for this unix time: wake the scheduled job timer if it is earlier
     * @param policiesChanged a periodic policy was added or removed: update this node's triggers now
     */
    public record Listeners(Runnable jobQueued, LongConsumer jobScheduled, Runnable policiesChanged) {
    }

    /**
     * What the job listing keeps: Harbor's {@code kind}, and ours {@code job_name} and {@code status}, each null for
     * any. The last two are applied to each page as read, so a page stays one bounded read and may hold fewer jobs.
     */
    public record Filter(String kind, String jobName, String status) {

        boolean keeps(JobStats stats) {
            return (jobName == null || jobName.isEmpty() || jobName.equals(stats.name()))
                    && (status == null || status.isEmpty()
                    || (stats.status() != null && status.equalsIgnoreCase(stats.status().wireName())));
        }
    }

    /** One page of a listing and the headers that go with it ({@code Total-Count}, {@code Next-Cursor}). */
    public record Page(List<Map<String, Object>> items, Map<String, String> headers) {
    }

    private final JobRequestValidator validator;
    private final Stores stores;
    private final Map<String, Object> redisPoolConfig;
    private final Listeners listeners;
    private final Clock clock;
    private final Supplier<List<String>> jobTypes;
    private final Executor blocking;
    private final AdminService admin;
    private JobLogs jobLogs = new JobLogs(List.of(), 0);

    /** Where the log API reads job logs from. */
    public JobController withJobLogs(JobLogs logs) {
        this.jobLogs = logs;
        return this;
    }

    /**
     * @param redisPoolConfig what {@code GET /api/v1/config} reports
     * @param jobTypes        the job types this node knows
     */
    public JobController(JobRequestValidator validator, Stores stores, Map<String, Object> redisPoolConfig,
                         Listeners listeners, Clock clock, Supplier<List<String>> jobTypes,
                         Executor blocking, AdminService admin) {
        this.admin = admin;
        this.jobTypes = jobTypes;
        this.blocking = blocking;
        this.validator = validator;
        this.stores = stores;
        this.redisPoolConfig = redisPoolConfig;
        this.listeners = listeners;
        this.clock = clock;
    }

    /**
     * Validates and queues a job; completes with the 202 body. A Generic or Scheduled job of a type this node runs,
     * the case that matters for throughput, never blocks the calling thread: its one Redis call (launch.lua) is
     * asynchronous and completes on Lettuce's thread. A periodic policy, or a type only another node runs (its
     * check reads the cluster's heartbeats), is handled on the API's worker pool.
     *
     * @throws ApiException at once for a body that does not parse
     */
    public CompletionStage<Map<String, Object>> launch(String body) {
        JobRequestParser.Parsed parsed = JobRequestParser.parse(body);
        JobRequest request = parsed.request();
        if (request != null && (JobKind.fromWire(request.kind()) == JobKind.PERIODIC
                || !validator.runsHere(request.name()))) {
            return CompletableFuture.supplyAsync(() -> launchNow(parsed), blocking);
        }
        Launch launch = prepare(parsed);
        return stores.queue().enqueueAsync(launch.stats(), launch.queued(), launch.runAt())
                .thenApply(queued -> accepted(launch, queued));
    }

    /** A Generic or Scheduled job, validated and ready to be queued. */
    private record Launch(JobStats stats, QueuedJob queued, long runAt) {
    }

    private Map<String, Object> launchNow(JobRequestParser.Parsed parsed) {
        if (JobKind.fromWire(parsed.request().kind()) == JobKind.PERIODIC) {
            validate(parsed);
            return launchPeriodic(parsed);
        }
        Launch launch = prepare(parsed);
        return accepted(launch, stores.queue().enqueue(launch.stats(), launch.queued(), launch.runAt()));
    }

    private JobKind validate(JobRequestParser.Parsed parsed) {
        try {
            return validator.validate(parsed.request());
        } catch (JobParameterException e) {
            throw new ApiException(400, ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    private Launch prepare(JobRequestParser.Parsed parsed) {
        JobKind kind = validate(parsed);
        long now = clock.millis() / 1000;
        String id = JobIds.newId();
        JobRequest request = parsed.request();
        String parametersJson = parsed.parameters() == null ? null : Json.write(parsed.parameters());
        long runAt = kind == JobKind.SCHEDULED ? now + request.scheduleDelay() : 0;
        JobStats jobStats = JobStats.newJob(id, request.name(), kind,
                kind == JobKind.SCHEDULED ? JobStatus.SCHEDULED : JobStatus.PENDING, request.unique(),
                request.statusHook(), parametersJson, now);
        if (runAt > 0) {
            jobStats = jobStats.withRunAt(runAt);
        }
        return new Launch(jobStats, new QueuedJob(request.name(), id, now, parsed.parameters(), request.unique(), 0,
                null, 0), runAt);
    }

    private Map<String, Object> accepted(Launch launch, boolean queued) {
        if (!queued) {
            throw new ApiException(409, ErrorCode.CONFLICT,
                    "job '" + launch.stats().name() + "' with the same parameters is already queued or scheduled");
        }
        if (launch.runAt() > 0) {
            listeners.jobScheduled().accept(launch.runAt());
        } else {
            listeners.jobQueued().run();
        }
        return StatsJson.of(launch.stats(), false);
    }

    private Map<String, Object> launchPeriodic(JobRequestParser.Parsed parsed) {
        JobRequest request = parsed.request();
        long now = clock.millis() / 1000;
        String id = JobIds.newId();
        String parametersJson = parsed.parameters() == null ? null : Json.write(parsed.parameters());
        String hook = request.statusHook() == null || request.statusHook().isEmpty() ? null : request.statusHook();
        if (hook != null && !isHttpUrl(hook)) {
            throw new ApiException(400, ErrorCode.BAD_REQUEST, "bad web hook URL: " + hook);
        }
        PeriodicPolicy policy = new PeriodicPolicy(id, request.name(), request.cronSpec(), parametersJson, hook, 0,
                request.skipIfRunning());
        JobStats periodic = JobStats.newJob(id, request.name(), JobKind.PERIODIC, JobStatus.SCHEDULED, false, hook,
                parametersJson, now).withCronSpec(request.cronSpec());
        long numericId = stores.policies().save(policy, periodic, now);
        listeners.policiesChanged().run();
        return StatsJson.of(periodic.withNumericPolicyId(numericId), false);
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The stop action (contract 5.5 and 7): see {@link AdminService#stopJob}. */
    public void act(String jobId, String body) {
        String action = JobRequestParser.action(body);
        if (!"stop".equals(action)) {
            throw new ApiException(501, ErrorCode.UNKNOWN_ACTION, "command: " + action);
        }
        try {
            admin.stopJob(jobId);
        } catch (NotFoundException e) {
            throw new ApiException(404, ErrorCode.NOT_FOUND, e.getMessage());
        }
    }

    /** A periodic job's executions, newest run first (decisions D2), with {@code Total-Count}. */
    public Page executions(String jobId, long pageNumber, long pageSize, Boolean nonDeadOnly) {
        JobStats periodic = stores.stats().get(jobId);
        if (periodic == null) {
            throw new ApiException(404, ErrorCode.NOT_FOUND, jobId);
        }
        if (periodic.kind() != JobKind.PERIODIC) {
            throw new ApiException(500, ErrorCode.GET_PERIODIC_EXECUTIONS, "only periodic job has executions: "
                    + (periodic.kind() == null ? "" : periodic.kind().wireName()) + " kind is received");
        }
        List<PeriodicPolicyStore.ExecutionRef> refs = new ArrayList<>(stores.policies().executions(jobId));
        if (Boolean.TRUE.equals(nonDeadOnly)) {
            refs.removeIf(ref -> ref.score() < 0);
        }
        refs.sort(Comparator.comparingLong(PeriodicPolicyStore.ExecutionRef::epoch).reversed());
        int from = (int) Math.min(refs.size(), (pageNumber - 1) * pageSize);
        int to = (int) Math.min(refs.size(), from + pageSize);
        List<String> ids = refs.subList(from, to).stream().map(PeriodicPolicyStore.ExecutionRef::id).toList();
        return new Page(statsBodies(stores.stats().getAll(ids)), Map.of("Total-Count", Integer.toString(refs.size())));
    }

    /**
     * Harbor's job listing: one SCAN step over all job stats ({@code Next-Cursor}), or with {@code kind=Scheduled}
     * one page of 20 scheduled jobs, earliest first ({@code Total-Count}); either page filtered as the filter says.
     */
    public Page list(long cursor, long pageNumber, long pageSize, Filter filter) {
        if ("Scheduled".equals(filter.kind())) {
            List<String> ids = new ArrayList<>();
            for (String json : stores.dueJobs().scheduledPage(pageNumber, SCHEDULED_PAGE_SIZE)) {
                try {
                    ids.add(QueuedJob.parse(json).trackingId());
                } catch (Exception e) {
                    // a malformed entry has no stats to show
                }
            }
            return new Page(statsBodies(kept(stores.stats().getAll(ids), filter)),
                    Map.of("Total-Count", Long.toString(stores.dueJobs().scheduledCount())));
        }
        JobStatsStore.ScanPage page = stores.stats().scan(cursor, (int) pageSize);
        return new Page(statsBodies(kept(page.stats(), filter)),
                Map.of("Next-Cursor", Long.toString(page.nextCursor())));
    }

    private static List<JobStats> kept(List<JobStats> stats, Filter filter) {
        return stats.stream().filter(filter::keeps).toList();
    }

    private static List<Map<String, Object>> statsBodies(List<JobStats> stats) {
        return stats.stream().map(s -> StatsJson.of(s, true)).toList();
    }

    /** The stats of one job. */
    public Map<String, Object> get(String jobId) {
        JobStats found = stores.stats().get(jobId);
        if (found == null) {
            throw new ApiException(404, ErrorCode.NOT_FOUND, jobId);
        }
        return StatsJson.of(found, true);
    }

    /** Every live pool of the namespace, as {@code /api/v1/stats} reports them. */
    public Map<String, Object> workerPools() {
        long now = clock.millis() / 1000;
        List<Map<String, Object>> result = new ArrayList<>();
        stores.pools().pools().forEach((poolId, hash) -> {
            long heartbeatAt = WorkerPoolStore.number(hash, "heartbeat_at");
            if (heartbeatAt == 0) {
                return;
            }
            Map<String, Object> pool = new LinkedHashMap<>();
            pool.put("worker_pool_id", poolId);
            pool.put("started_at", WorkerPoolStore.number(hash, "started_at"));
            pool.put("heartbeat_at", heartbeatAt);
            String names = hash.getOrDefault("job_names", "");
            pool.put("job_names", names.isEmpty() ? List.of() : Arrays.stream(names.split(",")).sorted().toList());
            pool.put("concurrency", WorkerPoolStore.number(hash, "concurrency"));
            pool.put("status", now - heartbeatAt < HEALTHY_HEARTBEAT_SECONDS ? "Healthy" : "Dead");
            result.add(pool);
        });
        if (result.isEmpty()) {
            throw new ApiException(500, ErrorCode.CHECK_STATS, "failed to get stats of worker pools");
        }
        return Map.of("worker_pools", result);
    }

    /** Ours: every job type's queue: size, latency of the oldest job, paused, running count. */
    public List<Map<String, Object>> queues() {
        Set<String> names = new TreeSet<>(jobTypes.get());
        names.addAll(stores.pools().knownJobs());
        long now = clock.millis() / 1000;
        List<Map<String, Object>> result = new ArrayList<>();
        for (JobQueue.QueueInfo queue : stores.queue().queues(names)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("job_name", queue.jobName());
            item.put("size", queue.size());
            item.put("latency_seconds", queue.latencySeconds(now));
            item.put("paused", queue.paused());
            item.put("running", queue.running());
            result.add(item);
        }
        return result;
    }

    /** Ours: {@code {"action":"pause"}} or {@code {"action":"resume"}} on a job type's queue. */
    public void queueAction(String jobName, String body) {
        String action = JobRequestParser.action(body);
        try {
            switch (action) {
                case "pause" -> admin.pause(jobName);
                case "resume" -> admin.resume(jobName);
                default -> {
                    admin.requireJobType(jobName);
                    throw new ApiException(400, ErrorCode.BAD_REQUEST,
                            "unknown queue action '" + action + "', use 'pause' or 'resume'");
                }
            }
        } catch (NotFoundException e) {
            throw new ApiException(404, ErrorCode.NOT_FOUND, e.getMessage());
        }
    }

    /**
     * The tail of a job's log (contract 1.3, GET /api/v1/jobs/{id}/log). A known job whose log file does not exist
     * yet (Pending, or in the first moment of its run) has an empty log, not none (decisions D2).
     */
    public byte[] log(String jobId) {
        try {
            return jobLogs.tail(jobId);
        } catch (JobLogException e) {
            if (e.kind() == JobLogException.Kind.NOT_FOUND && stores.stats().get(jobId) != null) {
                return new byte[0];
            }
            throw switch (e.kind()) {
                case TRAVERSAL -> new ApiException(400, ErrorCode.BAD_REQUEST, e.getMessage());
                case NOT_FOUND -> new ApiException(404, ErrorCode.NOT_FOUND, e.getMessage());
                default -> new ApiException(500, ErrorCode.GET_JOB_LOG, e.getMessage());
            };
        }
    }

    /** Harbor's {@code GET /api/v1/config} body. */
    public Map<String, Object> config() {
        return Map.of("redis_pool_config", redisPoolConfig);
    }
}
