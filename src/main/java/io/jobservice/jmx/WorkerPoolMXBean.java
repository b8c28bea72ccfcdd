package io.jobservice.jmx;

/** This node's worker pool, in gocraft's and Harbor's terms ({@code worker_pools:<poolID>}). */
public interface WorkerPoolMXBean {

    String getPoolId();

    /** Unix seconds. */
    long getStartedAt();

    /** Unix seconds of the last heartbeat written to Redis; 0 before the first. */
    long getHeartbeatAt();

    int getConcurrency();

    int getBusyWorkers();

    String[] getJobNames();
}
