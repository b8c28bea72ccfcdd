package io.jobservice.jmx;

/**
 * One job type: its queue across the cluster (read from Redis, at most once a second) and what this node ran of it
 * since start. Pause and resume act on Harbor's {@code jobs:<name>:paused} key, for every node.
 */
public interface JobTypeMXBean {

    String getName();

    long getQueueSize();

    /** Seconds since the job waiting longest was queued; 0 when none waits. */
    long getQueueLatencySeconds();

    /** Running jobs of this type on every node ({@code jobs:<name>:lock}). */
    long getRunningInCluster();

    boolean isPaused();

    /** 0 means unlimited. */
    int getMaxConcurrency();

    /** Attempts finished on this node, whatever their result. */
    long getProcessed();

    long getFailed();

    long getStopped();

    void pause();

    void resume();
}
