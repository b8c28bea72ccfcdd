package io.jobservice.queue;

import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The job types the cluster runs: this node's, and those in the heartbeat ({@code job_names}) of every live worker
 * pool, a Go jobservice's included (decisions D5). A job of a type only another node registers is accepted at
 * submit; a due Scheduled or retry entry of a type no pool has registered for a while goes to the dead set. The
 * heartbeats are read at most once a second.
 */
public final class ClusterJobTypes {

    private final WorkerPoolStore pools;
    private final Clock clock;
    private final long deadAfterMs;
    private final long forgetAfterMs;
    private final Supplier<Collection<String>> local;
    private final Map<String, Long> lastSeenMs = new HashMap<>();
    private Set<String> live = Set.of();
    private long readAtMs = Long.MIN_VALUE;

    /**
     * @param deadAfterSeconds a pool whose heartbeat is older is not live
     * @param forgetAfterMs    a type no live pool has registered for this long is unknown (a node restarting within
     *                         it keeps its types)
     * @param local            this node's job types
     */
    public ClusterJobTypes(WorkerPoolStore pools, Clock clock, long deadAfterSeconds, long forgetAfterMs,
                           Supplier<Collection<String>> local) {
        this.pools = pools;
        this.clock = clock;
        this.deadAfterMs = deadAfterSeconds * 1000;
        this.forgetAfterMs = forgetAfterMs;
        this.local = local;
    }

    /** Types this node or a live pool registers. */
    public Set<String> live() {
        refresh();
        Set<String> names = new TreeSet<>(local.get());
        synchronized (this) {
            names.addAll(live);
        }
        return names;
    }

    /** Types this node registers, or a pool registered within the forget time. */
    public Set<String> recentlyLive() {
        refresh();
        Set<String> names = new TreeSet<>(local.get());
        long now = clock.millis();
        synchronized (this) {
            lastSeenMs.forEach((name, seenAt) -> {
                if (now - seenAt <= forgetAfterMs) {
                    names.add(name);
                }
            });
        }
        return names;
    }

    private void refresh() {
        long now = clock.millis();
        synchronized (this) {
            if (readAtMs != Long.MIN_VALUE && now - readAtMs < 1000) {
                return;
            }
        }
        Set<String> seen = new TreeSet<>();
        pools.pools().values().forEach(heartbeat -> {
            if (now - 1000 * WorkerPoolStore.number(heartbeat, "heartbeat_at") <= deadAfterMs) {
                String names = heartbeat.getOrDefault("job_names", "");
                Arrays.stream(names.split(",")).map(String::trim).filter(name -> !name.isEmpty()).forEach(seen::add);
            }
        });
        synchronized (this) {
            live = Set.copyOf(seen);
            seen.forEach(name -> lastSeenMs.put(name, now));
            readAtMs = now;
        }
    }
}
