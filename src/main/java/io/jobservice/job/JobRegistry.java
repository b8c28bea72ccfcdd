package io.jobservice.job;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The known job types by name (Harbor's "known jobs"); one name per type. Java types are registered once at start;
 * route job types come and go with their routes, so the registry also remembers which names were removed: jobs
 * still queued under such a name are taken off their queue and ended in Error instead of waiting forever.
 */
public final class JobRegistry {

    /**
     * How long a removed type may be away before its jobs are given up: an edited route is stopped and started
     * again, and its jobs must wait through that.
     */
    public static final long REPLACEMENT_GRACE_MS = 2_000;

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    /** Name of a removed type to when it was removed (ms); dropped again when the name comes back. */
    private final Map<String, Long> removedAtMs = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** Route files being applied: a route replaced by its new version is away only for a moment. */
    private int replacing;
    /** Types stopped while route files are applied, by name: still accepted at submit until the change is done. */
    private final Map<String, Job> heldWhileReplacing = new HashMap<>();

    /** Registers {@code job} under {@code name}; a name can be registered only once. */
    public JobRegistry register(String name, Job job) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a job type needs a name");
        }
        if (jobs.putIfAbsent(name, job) != null) {
            throw new IllegalArgumentException("job type '" + name + "' is already registered");
        }
        removedAtMs.remove(name);
        synchronized (this) {
            notifyAll();
        }
        listeners.forEach(listener -> listener.registered(name, job));
        return this;
    }

    /**
     * Removes the type registered under {@code name} if it is still {@code job} (a newer registration of the name
     * stays).
     *
     * @param nowMs the time of removal, from which queued jobs of the name count as orphaned
     */
    public void unregister(String name, Job job, long nowMs) {
        if (jobs.remove(name, job)) {
            synchronized (this) {
                removedAtMs.put(name, nowMs);
                if (replacing > 0) {
                    heldWhileReplacing.put(name, job);
                }
            }
            listeners.forEach(listener -> listener.unregistered(name));
        }
    }

    /**
     * Marks the start of a change of route files. Until {@link #endReplacement} no removed type counts as gone: an
     * edited route waits for its running jobs before it is stopped and started again, which can take longer than
     * {@link #REPLACEMENT_GRACE_MS}, and its queued jobs must not be given up meanwhile.
     */
    public synchronized void beginReplacement() {
        replacing++;
    }

    /** Ends a change of route files; a type still missing now counts as removed from {@code nowMs}. */
    public synchronized void endReplacement(long nowMs) {
        replacing--;
        if (replacing == 0) {
            heldWhileReplacing.keySet().forEach(name -> removedAtMs.computeIfPresent(name, (key, at) -> nowMs));
            heldWhileReplacing.clear();
            notifyAll();
        }
    }

    /** Told of the types registered and unregistered from now on. */
    public interface Listener {
        void registered(String name, Job job);

        void unregistered(String name);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** The job type, or null when unknown. */
    public Job get(String name) {
        return name == null ? null : jobs.get(name);
    }

    /**
     * The job type a submission is checked against: the registered one, or, while route files are being applied,
     * the one stopped for the change, so that editing a job route does not turn submissions away meanwhile.
     *
     * @return the type, or null when unknown
     */
    public synchronized Job forSubmit(String name) {
        Job job = get(name);
        return job != null || name == null ? job : heldWhileReplacing.get(name);
    }

    /**
     * The job type; when it is away only for a moment (its route file is being applied, or it was removed less than
     * {@link #REPLACEMENT_GRACE_MS} ago), the type once it is back. A type gone for longer, or never known, gives
     * null at once, so the queue of a removed type drains without waiting on each job.
     *
     * @param clock the clock removal times are taken on
     * @return the type, or null when it does not come back within the grace
     */
    public Job await(String name, Clock clock) {
        Job registered = get(name);
        if (registered != null || name == null) {
            return registered;
        }
        synchronized (this) {
            Job job = get(name);
            while (job == null) {
                long waitMs = replacing > 0 ? 100 : graceLeftMs(name, clock.millis());
                if (waitMs <= 0) {
                    return null;
                }
                try {
                    wait(waitMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                job = get(name);
            }
            return job;
        }
    }

    private long graceLeftMs(String name, long nowMs) {
        Long removedAt = removedAtMs.get(name);
        return removedAt == null ? 0 : removedAt + REPLACEMENT_GRACE_MS - nowMs;
    }

    /** All names, sorted as Harbor reports them. */
    public List<String> names() {
        return jobs.keySet().stream().sorted().toList();
    }

    /**
     * Names removed at least {@code graceMs} ago and not registered again. The grace lets a route that is being
     * replaced (an edited file: stop, then start) keep its queued jobs.
     */
    public synchronized List<String> removedNames(long nowMs, long graceMs) {
        List<String> names = new ArrayList<>();
        if (replacing > 0) {
            return names;
        }
        removedAtMs.forEach((name, at) -> {
            if (nowMs - at >= graceMs && !jobs.containsKey(name)) {
                names.add(name);
            }
        });
        return names;
    }

    /** Each registered type's cap on concurrent jobs across the cluster, as Redis records it. */
    public Map<String, Integer> maxConcurrencies() {
        Map<String, Integer> result = new TreeMap<>();
        jobs.forEach((name, job) -> result.put(name, job.maxConcurrency()));
        return result;
    }

    /**
     * Each type's priority weight for the workers' next fetch. Queues of route job types removed longer than the
     * grace ago are still fetched from (at the lowest weight), so their jobs end in Error instead of waiting.
     */
    public Map<String, Integer> priorities(long nowMs) {
        Map<String, Integer> result = new LinkedHashMap<>();
        for (String name : names()) {
            Job job = jobs.get(name);
            if (job != null) {
                result.put(name, job.priority());
            }
        }
        for (String removed : removedNames(nowMs, REPLACEMENT_GRACE_MS)) {
            result.put(removed, 1);
        }
        return result;
    }
}
