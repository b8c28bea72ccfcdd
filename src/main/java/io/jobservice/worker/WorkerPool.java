package io.jobservice.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import io.jobservice.job.JobIds;

/**
 * This process's worker pool (gocraft's pool): its id, start time, and one slot per worker. A slot is taken when a
 * job is fetched for it and given back when the job's attempt is completed, so no more jobs are fetched than
 * there are idle workers.
 */
public final class WorkerPool {

    private final String poolId = JobIds.newId();
    private final long startedAt;
    private final List<String> workerIds;
    private final BlockingQueue<String> idleWorkers;

    public WorkerPool(int concurrency, long startedAt) {
        this.startedAt = startedAt;
        List<String> ids = new ArrayList<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            ids.add(JobIds.newId());
        }
        this.workerIds = List.copyOf(ids);
        this.idleWorkers = new LinkedBlockingQueue<>(ids);
    }

    public String poolId() {
        return poolId;
    }

    public long startedAt() {
        return startedAt;
    }

    public int concurrency() {
        return workerIds.size();
    }

    public List<String> workerIds() {
        return workerIds;
    }

    /** Takes every idle worker's slot; empty if none is idle. */
    List<String> takeIdleWorkers() {
        List<String> taken = new ArrayList<>();
        idleWorkers.drainTo(taken);
        return taken;
    }

    /** Gives a worker slot back. */
    void release(String workerId) {
        idleWorkers.add(workerId);
    }

    /** Workers running or about to run a job. */
    public int busyWorkers() {
        return workerIds.size() - idleWorkers.size();
    }
}
