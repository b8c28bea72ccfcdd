package io.jobservice.jmx;

/** Actions on single jobs. */
public interface JobsMXBean {

    /**
     * Stops a job as {@code POST /api/v1/jobs/{id}} with {@code {"action":"stop"}} does.
     *
     * @return what happened, in words
     */
    String stop(String jobId);
}
