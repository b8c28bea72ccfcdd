package io.jobservice.job;

/** What a running job can ask of the service (contract 9.2). */
public interface JobContext {

    /** The ID of the job being run. */
    String jobId();

    /** The job type's name. */
    String jobName();

    /** Generic, Scheduled or Periodic (an execution of a periodic policy is Generic, as in Harbor). */
    JobKind kind();

    /** The revision of the job's stats this attempt runs under; a newer one elsewhere takes the job over. */
    long revision();

    /**
     * Reports progress: updates {@code check_in_at} and sends a check-in event.
     *
     * @param message non-empty progress text
     * @throws IllegalArgumentException when the message is empty
     */
    void checkIn(String message);

    /**
     * Whether the job has been asked to stop (Harbor's {@code OPCommand}); a job should poll it between steps and
     * return when it is true.
     *
     * @return true when the job's stored status is Stopped
     */
    boolean stopRequested();

    /**
     * Harbor's {@code OPCommand}: {@code "stop"} when the job has been asked to stop, else null.
     *
     * @return "stop" or null
     */
    default String opCommand() {
        return stopRequested() ? "stop" : null;
    }

    /**
     * Whether this node has already told the run to stop (a stop its watcher saw, a time-out, a take-over). Unlike
     * {@link #stopRequested()} it reads nothing from Redis, so it is cheap enough to ask before every route step.
     *
     * @return true once the run should end
     */
    default boolean stopSignalled() {
        return false;
    }

    /**
     * The job's logger.
     *
     * @return the logger of this run
     */
    JobLogger logger();
}
