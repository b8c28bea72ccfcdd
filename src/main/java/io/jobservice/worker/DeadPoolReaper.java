package io.jobservice.worker;

import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.jobservice.queue.JobQueue;
import io.jobservice.queue.RedisAccessException;
import io.jobservice.queue.RedisConnector;
import io.jobservice.queue.WorkerPoolStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns the jobs of crashed nodes to their queues (gocraft's dead-pool reaper and Harbor's start-up re-enqueue,
 * contract 10.5), in seconds rather than gocraft's 10 minutes (decisions D2). Every few seconds it looks for pools
 * whose heartbeat is older than {@code deadAfterSeconds}, or that hold concurrency slots without being in the pool
 * set, and in one script per pool puts their in-progress jobs back on their queues, gives back their slots and
 * removes their heartbeat. A requeued job found Running starts a new run with a newer revision.
 */
public final class DeadPoolReaper {

    private static final Logger LOG = LoggerFactory.getLogger(DeadPoolReaper.class);

    private final String ownPoolId;
    private final WorkerPoolStore pools;
    private final JobQueue queue;
    private final Clock clock;
    private final long deadAfterSeconds;

    public DeadPoolReaper(String ownPoolId, WorkerPoolStore pools, JobQueue queue, Clock clock, long deadAfterSeconds) {
        this.ownPoolId = ownPoolId;
        this.pools = pools;
        this.queue = queue;
        this.clock = clock;
        this.deadAfterSeconds = deadAfterSeconds;
    }

    /** Reaps every dead pool; returns how many jobs went back on their queues. */
    public long runOnce() {
        try {
            Set<String> jobNames = pools.knownJobs();
            long moved = 0;
            long staleBefore = clock.millis() / 1000 - deadAfterSeconds;
            for (String poolId : deadPools(jobNames, staleBefore)) {
                long count = queue.reapPool(poolId, jobNames, staleBefore);
                if (count > 0) {
                    moved += count;
                    LOG.warn("Worker pool {} is dead; {} of its unfinished jobs are back on their queues", poolId, count);
                } else if (count == 0) {
                    LOG.info("Worker pool {} is dead; it held no unfinished jobs", poolId);
                }
            }
            return moved;
        } catch (RedisAccessException e) {
            LOG.warn("Cannot look for dead worker pools: {}", RedisConnector.rootMessage(e));
            return 0;
        }
    }

    private Set<String> deadPools(Set<String> jobNames, long staleBefore) {
        Set<String> members = pools.poolIds();
        Map<String, Map<String, String>> heartbeats = pools.pools();
        Set<String> dead = new HashSet<>();
        for (String poolId : members) {
            Map<String, String> heartbeat = heartbeats.get(poolId);
            long beatAt = heartbeat == null ? 0 : WorkerPoolStore.number(heartbeat, "heartbeat_at");
            if (beatAt < staleBefore) {
                dead.add(poolId);
            }
        }
        // pools that vanished from the set while holding slots (Harbor's start-up re-enqueue)
        for (String name : jobNames) {
            for (String poolId : pools.poolsHoldingSlots(name)) {
                if (!members.contains(poolId)) {
                    dead.add(poolId);
                }
            }
        }
        dead.remove(ownPoolId);
        return dead;
    }
}
