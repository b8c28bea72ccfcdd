package io.jobservice.jmx;

import java.util.List;
import java.util.function.Supplier;

import io.jobservice.worker.Heartbeater;
import io.jobservice.worker.WorkerPool;

/** The worker pool MBean's attributes, read from this node's memory. */
public final class WorkerPoolView implements WorkerPoolMXBean {

    private final WorkerPool pool;
    private final Heartbeater heartbeater;
    private final Supplier<List<String>> jobNames;

    public WorkerPoolView(WorkerPool pool, Heartbeater heartbeater, Supplier<List<String>> jobNames) {
        this.pool = pool;
        this.heartbeater = heartbeater;
        this.jobNames = jobNames;
    }

    @Override
    public String getPoolId() {
        return pool.poolId();
    }

    @Override
    public long getStartedAt() {
        return pool.startedAt();
    }

    @Override
    public long getHeartbeatAt() {
        return heartbeater.lastWrittenAtMs() / 1000;
    }

    @Override
    public int getConcurrency() {
        return pool.concurrency();
    }

    @Override
    public int getBusyWorkers() {
        return pool.busyWorkers();
    }

    @Override
    public String[] getJobNames() {
        return jobNames.get().toArray(String[]::new);
    }
}
