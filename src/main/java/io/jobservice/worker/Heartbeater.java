package io.jobservice.worker;

import java.net.InetAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.jobservice.queue.RedisConnector;
import io.jobservice.queue.WorkerPoolStore;
import io.lettuce.core.RedisException;
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

    public Heartbeater(WorkerPool pool, WorkerPoolStore store, Supplier<Iterable<String>> jobNames, Clock clock) {
        this.pool = pool;
        this.store = store;
        this.jobNames = jobNames;
        this.clock = clock;
        this.host = hostName();
    }

    /** Writes one heartbeat; a Redis outage is logged, not thrown, so the next tick tries again. */
    public void runOnce() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("heartbeat_at", Long.toString(clock.millis() / 1000));
        fields.put("started_at", Long.toString(pool.startedAt()));
        fields.put("job_names", String.join(",", jobNames.get()));
        fields.put("concurrency", Integer.toString(pool.concurrency()));
        fields.put("worker_ids", String.join(",", pool.workerIds()));
        fields.put("host", host);
        fields.put("pid", Long.toString(ProcessHandle.current().pid()));
        try {
            store.heartbeat(pool.poolId(), fields);
        } catch (RedisException e) {
            LOG.warn("Cannot write the heartbeat of pool {}: {}", pool.poolId(), RedisConnector.rootMessage(e));
        }
    }

    /** Removes the heartbeat at a clean stop. */
    public void remove() {
        store.remove(pool.poolId());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
