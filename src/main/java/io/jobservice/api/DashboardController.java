package io.jobservice.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobservice.admin.AdminService;
import io.jobservice.job.JobRegistry;
import io.jobservice.job.JobStats;
import io.jobservice.job.PeriodicPolicy;
import io.jobservice.json.Json;
import io.jobservice.metrics.ClusterStatsCache;
import io.jobservice.queue.HookEventStore;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.JobSet;
import io.jobservice.queue.JobSetEntry;
import io.jobservice.queue.JobSetStore;
import io.jobservice.queue.JobStatsStore;
import io.jobservice.queue.PeriodicPolicyStore;
import io.jobservice.queue.RedisAccessException;
import io.jobservice.queue.RedisConnector;
import io.jobservice.queue.ThroughputBuckets;
import io.jobservice.queue.WorkerPoolStore;
import io.jobservice.scheduling.CronSpec;

/**
 * What the dashboard's own endpoints do, without HTTP (issue 16): the overview, the scheduled, retry and dead sets
 * with their actions, the periodic policies, the busy workers and a job's hook delivery state. Cluster-wide numbers
 * come from the {@link ClusterStatsCache} the metrics read, so a page polling the overview costs Redis nothing
 * beyond what a scrape costs; every other read is a bounded page.
 */
public final class DashboardController {

    /** Most entries or policies on one page; larger page sizes are clamped to it. */
    static final int MAX_PAGE_SIZE = 100;
    static final int DEFAULT_PAGE_SIZE = 20;
    /** The recent executions listed with each policy. */
    static final int RECENT_EXECUTIONS = 5;
    /** The hook events listed in a job's delivery state. */
    static final int PENDING_EVENTS_SHOWN = 50;
    /** Separates the job id from the score in a set entry's id: a periodic execution's job id holds one '@'. */
    static final String ENTRY_ID_SEPARATOR = "@@";

    /** The stores the dashboard reads beyond the cache. */
    public record Stores(JobStatsStore stats, WorkerPoolStore pools, PeriodicPolicyStore policies,
                         HookEventStore hooks) {
    }

    private final ClusterStatsCache cache;
    private final Stores stores;
    private final AdminService admin;
    private final JobRegistry jobTypes;
    private final Clock clock;

    public DashboardController(ClusterStatsCache cache, Stores stores, AdminService admin, JobRegistry jobTypes,
                               Clock clock) {
        this.cache = cache;
        this.stores = stores;
        this.admin = admin;
        this.jobTypes = jobTypes;
        this.clock = clock;
    }

    /** {@code GET /api/v1/dashboard/overview}: 200 also while Redis is unreachable, saying so. */
    public Map<String, Object> overview() {
        Map<String, Object> body = new LinkedHashMap<>();
        JobQueue.ClusterStats stats;
        Map<String, Map<String, String>> pools;
        List<ThroughputBuckets.Bucket> buckets;
        try {
            stats = cache.get();
            pools = cache.pools();
            buckets = cache.throughput();
        } catch (RedisAccessException e) {
            body.put("redis", Map.of("reachable", false, "error", RedisConnector.rootMessage(e)));
            body.put("pools", List.of());
            body.put("queues", List.of());
            body.put("hooks", hooks(0, 0));
            body.put("sets", sets(new JobQueue.ClusterStats(List.of(), 0, 0, 0, 0, 0, 0)));
            body.put("throughput", throughput(List.of()));
            return body;
        }
        body.put("redis", Map.of("reachable", true));
        body.put("pools", pools(pools, stats, now()));
        body.put("queues", queues(stats));
        body.put("hooks", hooks(stats.hooksWaiting(), stats.hooksParked()));
        body.put("sets", sets(stats));
        body.put("throughput", throughput(buckets));
        return body;
    }

    private static List<Map<String, Object>> pools(Map<String, Map<String, String>> pools,
                                                   JobQueue.ClusterStats stats, long now) {
        List<Map<String, Object>> result = new ArrayList<>();
        pools.forEach((poolId, hash) -> {
            long heartbeatAt = WorkerPoolStore.number(hash, "heartbeat_at");
            if (heartbeatAt == 0) {
                return;
            }
            // running jobs per pool are the queues' lock_info counts, already in the cached stats
            long busy = stats.queues().stream().mapToLong(q -> q.runningByPool().getOrDefault(poolId, 0L)).sum();
            long concurrency = WorkerPoolStore.number(hash, "concurrency");
            Map<String, Object> pool = new LinkedHashMap<>();
            pool.put("worker_pool_id", poolId);
            pool.put("host", hash.getOrDefault("host", ""));
            pool.put("pid", WorkerPoolStore.number(hash, "pid"));
            pool.put("started_at", WorkerPoolStore.number(hash, "started_at"));
            pool.put("heartbeat_at", heartbeatAt);
            pool.put("heartbeat_age_seconds", Math.max(0, now - heartbeatAt));
            pool.put("concurrency", concurrency);
            pool.put("busy", busy);
            pool.put("idle", Math.max(0, concurrency - busy));
            pool.put("job_names", commaList(hash.get("job_names")));
            result.add(pool);
        });
        return result;
    }

    private List<Map<String, Object>> queues(JobQueue.ClusterStats stats) {
        long now = now();
        Map<String, Integer> caps = jobTypes.maxConcurrencies();
        Map<String, Integer> priorities = jobTypes.priorities(clock.millis());
        List<Map<String, Object>> result = new ArrayList<>();
        for (JobQueue.QueueInfo queue : stats.queues()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("job_name", queue.jobName());
            item.put("size", queue.size());
            item.put("latency_seconds", queue.latencySeconds(now));
            item.put("paused", queue.paused());
            item.put("running", queue.running());
            item.put("max_concurrency", caps.get(queue.jobName()));
            item.put("priority", priorities.get(queue.jobName()));
            result.add(item);
        }
        return result;
    }

    private static Map<String, Object> hooks(long waiting, long parked) {
        Map<String, Object> hooks = new LinkedHashMap<>();
        hooks.put("waiting", waiting);
        hooks.put("parked", parked);
        return hooks;
    }

    private static Map<String, Object> sets(JobQueue.ClusterStats stats) {
        Map<String, Object> sets = new LinkedHashMap<>();
        sets.put("scheduled", stats.scheduled());
        sets.put("retry", stats.retry());
        sets.put("dead", stats.dead());
        sets.put("periodic_policies", stats.policies());
        return sets;
    }

    private static Map<String, Object> throughput(List<ThroughputBuckets.Bucket> buckets) {
        Map<String, Object> throughput = new LinkedHashMap<>();
        throughput.put("bucket_seconds", ThroughputBuckets.BUCKET_SECONDS);
        throughput.put("buckets", buckets.stream().map(b -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("t", b.t());
            item.put("success", b.success());
            item.put("error", b.error());
            return item;
        }).toList());
        return throughput;
    }

    /** {@code GET /api/v1/sets/{set}}: one page, the next due first (the dead set: the latest death first). */
    public JobController.Page entries(String setName, long pageNumber, int pageSize) {
        JobSet set = set(setName);
        JobSetStore.Page page = admin.entries(set, (pageNumber - 1) * pageSize, pageSize);
        List<Map<String, Object>> items = page.entries().stream().map(DashboardController::entryBody).toList();
        return new JobController.Page(items, Map.of("Total-Count", Long.toString(page.total())));
    }

    private static Map<String, Object> entryBody(JobSetEntry entry) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("entry_id", entry.jobId() + ENTRY_ID_SEPARATOR + entry.score());
        item.put("job_id", entry.jobId());
        item.put("job_name", entry.jobName());
        item.put("at", entry.score());
        item.put("fails", entry.fails());
        item.put("error", entry.lastError());
        item.put("failed_at", entry.failedAt());
        item.put("args", entry.args());
        return item;
    }

    /** {@code POST /api/v1/sets/{set}/{entry_id}} with {@code {"action":"run"}}: runs the entry now. */
    public void act(String setName, String entryId, String body) {
        JobSet set = set(setName);
        String action = JobRequestParser.action(body);
        if (!"run".equals(action)) {
            throw new ApiException(400, ErrorCode.BAD_REQUEST, "unknown entry action '" + action + "', use 'run'");
        }
        JobSetEntry.Id id = entryId(entryId);
        check(admin.runNow(set, id), id);
    }

    /** {@code DELETE /api/v1/sets/{set}/{entry_id}}. */
    public void delete(String setName, String entryId) {
        JobSet set = set(setName);
        JobSetEntry.Id id = entryId(entryId);
        check(admin.deleteEntry(set, id), id);
    }

    private static void check(JobSetStore.Result result, JobSetEntry.Id id) {
        switch (result) {
            case DONE -> {
            }
            case NOT_FOUND -> throw new ApiException(404, ErrorCode.NOT_FOUND,
                    "no entry " + id.jobId() + ENTRY_ID_SEPARATOR + id.score() + " (run, moved or deleted already)");
            case NOT_A_JOB -> throw new ApiException(409, ErrorCode.CONFLICT, "the entry is not a runnable job");
            case STATS_GONE -> throw new ApiException(409, ErrorCode.CONFLICT,
                    "the stats of job " + id.jobId() + " are gone (expired)");
            case UNKNOWN_JOB_TYPE -> throw new ApiException(409, ErrorCode.CONFLICT,
                    "no worker pool runs the job type of job " + id.jobId());
        }
    }

    private static JobSet set(String name) {
        try {
            return JobSet.valueOf(name == null ? "" : name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, ErrorCode.NOT_FOUND, "set " + name + ": use scheduled, retry or dead");
        }
    }

    /** {@code <job id>@@<score>}; anything else names no entry. */
    private static JobSetEntry.Id entryId(String text) {
        int at = text == null ? -1 : text.lastIndexOf(ENTRY_ID_SEPARATOR);
        try {
            return new JobSetEntry.Id(text.substring(0, at),
                    Long.parseLong(text.substring(at + ENTRY_ID_SEPARATOR.length())));
        } catch (RuntimeException e) {
            throw new ApiException(404, ErrorCode.NOT_FOUND, "entry " + text);
        }
    }

    /** {@code GET /api/v1/periodic_policies}: one page by numeric id, each with its next fire time and latest runs. */
    public JobController.Page policies(long pageNumber, int pageSize) {
        PeriodicPolicyStore.PolicyPage page = stores.policies().page((pageNumber - 1) * pageSize, pageSize);
        Map<String, List<PeriodicPolicyStore.ExecutionRef>> recent = stores.policies().latestExecutionsOf(
                page.policies().stream().map(p -> p.policy().id()).toList(), RECENT_EXECUTIONS);
        // the statuses of every listed execution in one pipelined read
        Map<String, JobStats> stats = stores.stats().getAll(recent.values().stream().flatMap(List::stream)
                .map(PeriodicPolicyStore.ExecutionRef::id).toList()).stream()
                .collect(Collectors.toMap(JobStats::id, Function.identity(), (a, b) -> a));
        Instant now = clock.instant();
        List<Map<String, Object>> items = page.policies().stream()
                .map(stored -> policyBody(stored.policy(), recent.get(stored.policy().id()), stats, now)).toList();
        return new JobController.Page(items, Map.of("Total-Count", Long.toString(page.total())));
    }

    private static Map<String, Object> policyBody(PeriodicPolicy policy, List<PeriodicPolicyStore.ExecutionRef> recent,
                                                  Map<String, JobStats> stats, Instant now) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", policy.id());
        item.put("job_name", policy.jobName());
        item.put("cron_spec", policy.cronSpec());
        item.put("parameters", jsonOrEmptyObject(policy.jobParamsJson()));
        item.put("web_hook_url", policy.webHookUrl());
        item.put("next_fire_time", nextFireTime(policy.cronSpec(), now));
        item.put("executions", recent.stream().map(ref -> {
            JobStats execution = stats.get(ref.id());
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("id", ref.id());
            run.put("status", execution == null || execution.status() == null ? null
                    : execution.status().wireName());
            run.put("run_at", ref.epoch());
            return run;
        }).toList());
        return item;
    }

    private static Long nextFireTime(String spec, Instant now) {
        try {
            Instant next = CronSpec.parse(spec).nextAfter(now);
            return next == null ? null : next.getEpochSecond();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code GET /api/v1/workers}: the workers of every pool with a heartbeat that run a job now. */
    public List<Map<String, Object>> workers() {
        Map<String, Map<String, String>> pools = cache.pools();
        Map<String, String[]> poolOfWorker = new LinkedHashMap<>();
        pools.forEach((poolId, hash) -> commaList(hash.get("worker_ids"))
                .forEach(id -> poolOfWorker.put(id, new String[] {poolId, hash.getOrDefault("host", "")})));
        List<Map<String, Object>> result = new ArrayList<>();
        stores.pools().workers(poolOfWorker.keySet()).forEach((workerId, hash) -> {
            String jobId = hash.getOrDefault("job_id", "");
            if (jobId.isEmpty()) {
                return;
            }
            String checkIn = hash.getOrDefault("checkin", "");
            Map<String, Object> worker = new LinkedHashMap<>();
            worker.put("worker_id", workerId);
            worker.put("pool_id", poolOfWorker.get(workerId)[0]);
            worker.put("host", poolOfWorker.get(workerId)[1]);
            worker.put("job_id", jobId);
            worker.put("job_name", hash.getOrDefault("job_name", ""));
            worker.put("started_at", WorkerPoolStore.number(hash, "started_at"));
            worker.put("check_in", checkIn.isEmpty() ? null : checkIn);
            worker.put("check_in_at", WorkerPoolStore.number(hash, "checkin_at"));
            result.add(worker);
        });
        return result;
    }

    /** {@code GET /api/v1/jobs/{job_id}/hook}: where the job's status hooks stand. */
    public Map<String, Object> hook(String jobId) {
        JobStats stats = stores.stats().get(jobId);
        if (stats == null) {
            throw new ApiException(404, ErrorCode.NOT_FOUND, jobId);
        }
        HookEventStore.DeliveryState state = stores.hooks().state(jobId, PENDING_EVENTS_SHOWN);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("web_hook_url", stats.webHookUrl());
        body.put("ack", stats.ack() == null ? null : jsonOrNull(stats.ack()));
        body.put("pending_count", state.pendingCount());
        body.put("pending", state.pending().stream().map(DashboardController::jsonOrNull).toList());
        body.put("attempts", state.attempts());
        body.put("next_attempt_at", state.nextAttemptMs());
        body.put("parked", state.attempts() > 0);
        return body;
    }

    private static JsonNode jsonOrNull(String text) {
        try {
            return Json.read(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static Object jsonOrEmptyObject(String text) {
        JsonNode node = text == null ? null : jsonOrNull(text);
        return node == null || node.isNull() ? Map.of() : node;
    }

    private static List<String> commaList(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).sorted().toList();
    }

    private long now() {
        return clock.millis() / 1000;
    }

    /** {@code page_size} of the dashboard's pages: 1 to {@link #MAX_PAGE_SIZE}, larger clamped, else the default. */
    static int pageSize(String text) {
        long value;
        try {
            value = text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            value = text != null && text.matches("\\d{19,}") ? MAX_PAGE_SIZE : 0;
        }
        return value > 0 ? (int) Math.min(value, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
    }
}
