package io.jobservice.jmx;

/** Status hooks: the backlog in Redis (cluster-wide) and this node's deliveries since start. */
public interface HooksMXBean {

    /** Jobs with hook events not yet delivered. */
    long getPending();

    /** Of those, jobs whose delivery failed and waits for its back-off. */
    long getParked();

    long getDelivered();

    /** Deliveries given up after the route's redeliveries (their events wait and are tried again). */
    long getFailed();
}
