package io.jobservice.worker;

import java.net.InetAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.jobservice.queue.RedisAccessException;
import io.jobservice.queue.RedisConnector;
import io.jobservice.queue.WorkerPoolStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes this pool's heartbeat in gocraft's format; triggered every 5 s by the housekeeping route. */
public final class Heartbeater {

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeater.class);

    private final WorkerPool pool;
    private final WorkerPoolStore store;
    private final Supplier<Iterable<String>> jobNames;
    private final Clock clock;
    private final String host;
    private final Runnable onDeclaredDead;
    private boolean registered;
    private boolean stopped;
    private volatile long lastTriedAtMs;
    private volatile long lastWrittenAtMs;

    /** @param onDeclaredDead called when another node declared this pool dead and took its jobs */
    public Heartbeater(WorkerPool pool, WorkerPoolStore store, Supplier<Iterable<String>> jobNames, Clock clock,
                       Runnable onDeclaredDead) {
        this.pool = pool;
        this.store = store;
        this.jobNames = jobNames;
        this.clock = clock;
        this.host = hostName();
        this.onDeclaredDead = onDeclaredDead;
    }

    /** Writes one heartbeat; a Redis outage is logged, not thrown, so the next tick tries again. */
    public synchronized void runOnce() {
        if (stopped) {
            return;
        }
        long now = clock.millis();
        lastTriedAtMs = now;
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("heartbeat_at", Long.toString(now / 1000));
        fields.put("started_at", Long.toString(pool.startedAt()));
        fields.put("job_names", String.join(",", jobNames.get()));
        fields.put("concurrency", Integer.toString(pool.concurrency()));
        fields.put("worker_ids", String.join(",", pool.workerIds()));
        fields.put("host", host);
        fields.put("pid", Long.toString(ProcessHandle.current().pid()));
        try {
            boolean added = store.heartbeat(pool.poolId(), fields);
            if (added && registered) {
                LOG.error("Worker pool {} was declared dead by another node (no heartbeat in time) and its jobs were"
                        + " requeued; stopping the jobs still running here", pool.poolId());
                onDeclaredDead.run();
            }
            registered = true;
            lastWrittenAtMs = now;
        } catch (RedisAccessException e) {
            LOG.warn("Cannot write the heartbeat of pool {}: {}", pool.poolId(), RedisConnector.rootMessage(e));
        }
    }

    /** The host name this pool's heartbeat reports. */
    public String host() {
        return host;
    }

    /** When a heartbeat was last tried (ms), written or not; 0 before the first. */
    public long lastTriedAtMs() {
        return lastTriedAtMs;
    }

    /** When a heartbeat was last written to Redis (ms); 0 before the first. */
    public long lastWrittenAtMs() {
        return lastWrittenAtMs;
    }

    /** Stops writing heartbeats (the pool is stopping and removes its own). */
    public synchronized void stop() {
        stopped = true;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
