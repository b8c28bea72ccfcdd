package io.jobservice.queue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobservice.job.JobKind;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.jobservice.job.PeriodicPolicy;
import io.jobservice.json.Json;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;

/**
 * Periodic policies in Harbor's layout (contract 5, 10.2): the {@code period:policies} zset (member = policy JSON,
 * score = numeric id) and each policy's {@code executions:<policyID>} zset. Creating an execution is one script, so
 * every node may fire the same time and only one execution results.
 */
public final class PeriodicPolicyStore {

    private static final Range<Double> FINISHED = Range.create(-1.0, -1.0);
    private static final Range<Double> UNFINISHED = Range.from(Range.Boundary.excluding(-1.0),
            Range.Boundary.unbounded());

    /** A policy with its member text exactly as stored (needed to remove or check it). */
    public record StoredPolicy(PeriodicPolicy policy, String member) {
    }

    /** One linked execution: its id and score (run_at while unfinished, -1 once done). */
    public record ExecutionRef(String id, long score) {

        static ExecutionRef of(ScoredValue<String> entry) {
            return new ExecutionRef(entry.getValue(), (long) entry.getScore());
        }

        /** The fire time, from the id {@code <policyID>@<epoch>}. */
        public long epoch() {
            int at = id.lastIndexOf('@');
            try {
                return at < 0 ? 0 : Long.parseLong(id.substring(at + 1));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    /** What stopping a periodic job did. */
    public record Unscheduled(long policiesRemoved, boolean hadStats, long executionsStopped) {
    }

    private final RedisConnector redis;
    private final RedisKeys keys;
    private final JobStatsStore statsStore;
    private final LuaScript savePolicy = LuaScript.load("save_policy");
    private final LuaScript createExecution = LuaScript.load("create_execution");
    private final LuaScript unschedule = LuaScript.load("unschedule");

    public PeriodicPolicyStore(RedisConnector redis, RedisKeys keys, JobStatsStore statsStore) {
        this.redis = redis;
        this.keys = keys;
        this.statsStore = statsStore;
    }

    /** Stores the policy and the periodic job's stats; returns the numeric id given to it. */
    public long save(PeriodicPolicy policy, JobStats periodicStats, long now) {
        List<String> args = new ArrayList<>(List.of(toJson(policy), Long.toString(now), policy.id()));
        periodicStats.toHash().forEach((field, value) -> {
            if (!field.equals("numeric_policy_id")) {
                args.add(field);
                args.add(value);
            }
        });
        Long id = savePolicy.run(redis.commands(), ScriptOutputType.INTEGER,
                new String[] {keys.periodicPolicies(), keys.periodicNumericId(), keys.jobStats(policy.id()), keys.jobTrack()},
                args.toArray(String[]::new));
        return id;
    }

    /** Every stored policy that parses; malformed members are left out (Harbor skips them too). */
    public List<StoredPolicy> all() {
        List<StoredPolicy> result = new ArrayList<>();
        for (ScoredValue<String> entry : redis.commands().zrangeWithScores(keys.periodicPolicies(), 0, -1)) {
            PeriodicPolicy policy = parse(entry.getValue(), (long) entry.getScore());
            if (policy != null) {
                result.add(new StoredPolicy(policy, entry.getValue()));
            }
        }
        return result;
    }

    /** The stored policy with this id, or null. */
    public StoredPolicy find(String policyId) {
        return all().stream().filter(p -> p.policy().id().equals(policyId)).findFirst().orElse(null);
    }

    /**
     * Creates and queues the execution for fire time {@code t} unless it exists, the policy is gone, or the policy
     * skips while an earlier execution is unfinished.
     *
     * @return "created", "exists", "skipped" or "gone"
     */
    public String createExecution(StoredPolicy stored, long t, long now) {
        PeriodicPolicy policy = stored.policy();
        String executionId = policy.id() + "@" + t;
        JobStats stats = JobStats.newJob(executionId, policy.jobName(), JobKind.SCHEDULED, JobStatus.SCHEDULED, false,
                policy.webHookUrl(), policy.jobParamsJson(), now)
                .withCronSpec(policy.cronSpec()).withRunAt(t).withUpstreamJobId(policy.id());
        ObjectNode args = policy.jobParamsJson() == null ? JsonNodeFactory.instance.objectNode()
                : (ObjectNode) readObject(policy.jobParamsJson());
        args.put(QueuedJob.PERIODIC_ARG, Long.toString(t));
        QueuedJob queued = new QueuedJob(policy.jobName(), policy.id(), t, args, false, 0, null, 0);
        List<String> argv = new ArrayList<>(List.of(stored.member(), executionId, Long.toString(t), queued.toJson(),
                policy.skipIfRunning() ? "1" : "0", policy.id()));
        stats.toHash().forEach((field, value) -> {
            argv.add(field);
            argv.add(value);
        });
        return createExecution.run(redis.commands(), ScriptOutputType.VALUE,
                new String[] {keys.periodicPolicies(), keys.executions(policy.id()), keys.jobStats(executionId),
                        keys.jobTrack(), keys.jobQueue(policy.jobName()), keys.periodicLastFire()},
                argv.toArray(String[]::new));
    }

    /** The last fire time an execution was created or skipped for, or 0. */
    public long lastFire(String policyId) {
        String value = redis.commands().hget(keys.periodicLastFire(), policyId);
        return value == null ? 0 : Long.parseLong(value);
    }

    /** Removes the policy, marks its periodic job and its unfinished executions Stopped. */
    public Unscheduled unschedule(String policyId, long now) {
        List<Long> result = unschedule.run(redis.commands(), ScriptOutputType.MULTI,
                new String[] {keys.periodicPolicies(), keys.jobStats(policyId), keys.executions(policyId), keys.jobTrack(),
                        keys.hookDue()},
                policyId, Long.toString(now), Long.toString(statsStore.ttls().of(JobStatus.STOPPED)),
                keys.jobStatsPrefix(), keys.hookPendingPrefix());
        return new Unscheduled(result.get(0), result.get(1) == 1L, result.get(2));
    }

    /** Every execution linked to the policy. */
    public List<ExecutionRef> executions(String policyId) {
        return redis.commands().zrangeWithScores(keys.executions(policyId), 0, -1).stream()
                .map(ExecutionRef::of).toList();
    }

    /** One page of the stored policies, by numeric id, and how many there are. */
    public record PolicyPage(long total, List<StoredPolicy> policies) {
    }

    /**
     * Policies {@code offset} to {@code offset + limit - 1} by numeric id and the number stored, in one round trip;
     * malformed members are left out of the page.
     */
    public PolicyPage page(long offset, int limit) {
        var async = redis.async();
        var total = async.zcard(keys.periodicPolicies());
        var entries = async.zrangeWithScores(keys.periodicPolicies(), offset, offset + limit - 1);
        List<StoredPolicy> page = new ArrayList<>();
        for (ScoredValue<String> entry : redis.await(entries)) {
            PeriodicPolicy policy = parse(entry.getValue(), (long) entry.getScore());
            if (policy != null) {
                page.add(new StoredPolicy(policy, entry.getValue()));
            }
        }
        return new PolicyPage(redis.await(total), page);
    }

    /**
     * The latest {@code limit} executions of each of these policies, newest fire time first, keyed by policy id, in
     * one pipelined round trip that reads at most {@code 2 * limit} entries per policy however long its history.
     * Unfinished executions score their fire time; finished ones all score -1, and among equal scores Redis orders
     * by member, {@code <policyID>@<epoch>}, which is by fire time while epochs have ten digits (until 2286).
     */
    public Map<String, List<ExecutionRef>> latestExecutionsOf(Collection<String> policyIds, int limit) {
        var async = redis.async();
        Limit first = Limit.create(0, limit);
        Map<String, List<RedisFuture<List<ScoredValue<String>>>>> futures = new LinkedHashMap<>();
        policyIds.forEach(id -> futures.put(id, List.of(
                async.zrevrangebyscoreWithScores(keys.executions(id), UNFINISHED, first),
                async.zrevrangebyscoreWithScores(keys.executions(id), FINISHED, first))));
        Map<String, List<ExecutionRef>> result = new LinkedHashMap<>();
        futures.forEach((id, reads) -> result.put(id, reads.stream().flatMap(read -> redis.await(read).stream())
                .map(ExecutionRef::of)
                .sorted(Comparator.comparingLong(ExecutionRef::epoch).reversed()).limit(limit).toList()));
        return result;
    }

    static String toJson(PeriodicPolicy policy) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", policy.id());
        node.put("job_name", policy.jobName());
        node.put("cron_spec", policy.cronSpec());
        if (policy.jobParamsJson() != null) {
            node.set("job_params", readObject(policy.jobParamsJson()));
        }
        if (policy.webHookUrl() != null && !policy.webHookUrl().isEmpty()) {
            node.put("web_hook_url", policy.webHookUrl());
        }
        if (policy.skipIfRunning()) {
            node.put("skip_if_running", true);
        }
        return Json.write(node);
    }

    static PeriodicPolicy parse(String member, long score) {
        try {
            JsonNode node = Json.read(member);
            String id = node.path("id").asText("");
            String name = node.path("job_name").asText("");
            String cron = node.path("cron_spec").asText("");
            if (id.isEmpty() || name.isEmpty() || cron.isEmpty()) {
                return null;
            }
            JsonNode params = node.get("job_params");
            String hook = node.path("web_hook_url").asText("");
            return new PeriodicPolicy(id, name, cron, params == null || params.isNull() ? null : Json.write(params),
                    hook.isEmpty() ? null : hook, score, node.path("skip_if_running").asBoolean(false));
        } catch (Exception e) {
            return null;
        }
    }

    private static JsonNode readObject(String json) {
        try {
            JsonNode node = Json.read(json);
            return node.isObject() ? node : JsonNodeFactory.instance.objectNode();
        } catch (Exception e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }
}
