package io.jobservice.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final Map<String, Job> heldWhileReplacing = new java.util.HashMap<>();

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
     * The job type, waiting up to {@code timeoutMs} for it to be registered when it is not, and for as long as
     * route files are being applied.
     *
     * @return the type, or null when it did not come within the time
     */
    public Job await(String name, long timeoutMs) {
        Job registered = get(name);
        if (registered != null) {
            return registered;
        }
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        synchronized (this) {
            Job job = get(name);
            long leftMs = timeoutMs;
            while (job == null && name != null && (leftMs > 0 || replacing > 0)) {
                try {
                    wait(Math.max(leftMs, 100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                job = get(name);
                leftMs = (deadline - System.nanoTime()) / 1_000_000;
            }
            return job;
        }
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
}
