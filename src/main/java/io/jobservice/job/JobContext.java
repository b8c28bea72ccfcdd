package io.jobservice.job;

/** What a running job can ask of the service (contract 9.2). */
public interface JobContext {

    /** The ID of the job being run. */
    String jobId();

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
     * The job's logger.
     *
     * @return the logger of this run
     */
    JobLogger logger();
}
