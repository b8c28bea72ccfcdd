package io.jobservice.scheduling;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.jobservice.job.JobStats;
import io.jobservice.queue.JobStatsStore;
import io.jobservice.queue.PeriodicPolicyStore;
import io.jobservice.queue.PeriodicPolicyStore.StoredPolicy;
import io.jobservice.queue.RedisAccessException;
import io.jobservice.queue.RedisConnector;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one Quartz cron trigger per periodic policy on this node (decisions D3): a route from the
 * {@code periodic-policy} template of {@code routes/periodic.camel.yaml}. {@link #runOnce} compares the routes with
 * the policies in Redis (the truth, whoever wrote them) and adds, replaces or removes routes; a new route first
 * creates the one catch-up execution for a fire time missed while no node ran it. Each trigger calls
 * {@link #fire}, which creates the execution by a script that lets only one node win per fire time.
 */
public final class PeriodicScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicScheduler.class);
    private static final String TEMPLATE = "periodic-policy";

    /** A policy with a trigger on this node. */
    private record Active(StoredPolicy stored, String routeId) {
    }

    private final CamelContext context;
    private final PeriodicPolicyStore store;
    private final JobStatsStore stats;
    private final Clock clock;
    private final Runnable onCreated;
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private final Set<String> reportedInvalid = ConcurrentHashMap.newKeySet();

    /** @param onCreated called when this node created an execution, to wake the local workers */
    public PeriodicScheduler(CamelContext context, PeriodicPolicyStore store, JobStatsStore stats, Clock clock,
                             Runnable onCreated) {
        this.context = context;
        this.store = store;
        this.stats = stats;
        this.clock = clock;
        this.onCreated = onCreated;
    }

    /**
     * Adds the triggers of the stored policies when started (once the routes run); the housekeeping route keeps
     * them in line after that. A service of its own: the routes call this scheduler as a bean, and Camel starts and
     * stops a bean that is a service together with the routes that call it, before the Quartz scheduler runs.
     */
    public Service triggersAtStart() {
        return new ServiceSupport() {
            @Override
            protected void doStart() {
                runOnce();
            }
        };
    }

    /** Brings this node's triggers in line with the stored policies. */
    public synchronized void runOnce() {
        Map<String, StoredPolicy> stored = new HashMap<>();
        try {
            store.all().forEach(p -> stored.put(p.policy().id(), p));
        } catch (RedisAccessException e) {
            LOG.warn("Cannot read periodic policies: {}", RedisConnector.rootMessage(e));
            return;
        }
        for (String id : new HashSet<>(active.keySet())) {
            StoredPolicy current = stored.get(id);
            if (current == null || !current.member().equals(active.get(id).stored().member())) {
                remove(id);
            }
        }
        stored.values().forEach(policy -> {
            if (!active.containsKey(policy.policy().id())) {
                add(policy);
            }
        });
    }

    /** Called by a policy's trigger at its fire time. */
    public void fire(String policyId, Date scheduledFireTime) {
        Active policy = active.get(policyId);
        if (policy == null) {
            return;
        }
        long t = scheduledFireTime.toInstant().getEpochSecond();
        try {
            if ("created".equals(store.createExecution(policy.stored(), t, now()))) {
                onCreated.run();
            }
        } catch (RedisAccessException e) {
            LOG.warn("Cannot create the execution {}@{}: {}", policyId, t, RedisConnector.rootMessage(e));
        }
    }

    /** When each policy with a trigger on this node fires next, keyed {@code <policyID> <cron spec>}. */
    public Map<String, Instant> nextFireTimes() {
        Map<String, Instant> result = new TreeMap<>();
        Instant now = clock.instant();
        active.forEach((id, trigger) -> {
            String spec = trigger.stored().policy().cronSpec();
            // only policies whose spec parsed have a trigger
            result.put(id + " " + spec, CronSpec.parse(spec).nextAfter(now));
        });
        return result;
    }

    /** Policies with a trigger on this node. */
    public Set<String> activePolicies() {
        return Set.copyOf(active.keySet());
    }

    private void add(StoredPolicy stored) {
        String id = stored.policy().id();
        CronSpec cron;
        try {
            cron = CronSpec.parse(stored.policy().cronSpec());
        } catch (IllegalArgumentException e) {
            if (reportedInvalid.add(stored.member())) {
                LOG.error("Periodic policy {} has an invalid cron spec '{}' and is not scheduled: {}", id,
                        stored.policy().cronSpec(), e.getMessage());
            }
            return;
        }
        catchUp(stored, cron);
        String routeId = "periodic-" + id;
        try {
            TemplatedRouteBuilder.builder(context, TEMPLATE).routeId(routeId)
                    .parameter("policyId", id)
                    .parameter("cron", cron.quartzExpression().replace(' ', '+').replace("?", "%3F"))
                    .parameter("timeZone", cron.zone().getId())
                    .add();
            active.put(id, new Active(stored, routeId));
        } catch (Exception e) {
            LOG.error("Cannot schedule periodic policy {}: {}", id, e.getMessage());
        }
    }

    /** After downtime: one execution for the latest missed fire time, not one per missed tick. */
    private void catchUp(StoredPolicy stored, CronSpec cron) {
        String id = stored.policy().id();
        try {
            JobStats periodic = stats.get(id);
            long created = periodic == null ? now() : periodic.enqueueTime();
            long notBefore = Math.max(created, store.lastFire(id) + 1);
            Instant missed = cron.latestAtOrBefore(clock.instant(), Instant.ofEpochSecond(notBefore));
            if (missed != null && "created".equals(store.createExecution(stored, missed.getEpochSecond(), now()))) {
                LOG.info("Periodic policy {}: created the catch-up execution for {}", id, missed);
                onCreated.run();
            }
        } catch (RedisAccessException e) {
            LOG.warn("Cannot catch up periodic policy {}: {}", id, RedisConnector.rootMessage(e));
        }
    }

    private void remove(String id) {
        Active removed = active.remove(id);
        if (removed == null) {
            return;
        }
        try {
            context.getRouteController().stopRoute(removed.routeId());
            context.removeRoute(removed.routeId());
        } catch (Exception e) {
            LOG.warn("Cannot remove the trigger of periodic policy {}: {}", id, e.getMessage());
        }
    }

    private long now() {
        return clock.millis() / 1000;
    }
}
