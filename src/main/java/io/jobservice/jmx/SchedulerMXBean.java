package io.jobservice.jmx;

/** Scheduled, retried and periodic jobs, cluster-wide, and the periodic triggers of this node. */
public interface SchedulerMXBean {

    long getScheduledJobs();

    long getRetryJobs();

    long getDeadJobs();

    long getPolicies();

    /** One line per periodic policy with a trigger on this node: {@code <policyID> <cron spec> next <ISO time>}. */
    String[] getNextFireTimes();
}
