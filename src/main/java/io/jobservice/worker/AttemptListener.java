package io.jobservice.worker;

/** Told how each attempt run on this node ended, and how long it took; for monitoring. */
public interface AttemptListener {

    /** How an attempt ended, in Harbor's metric vocabulary (contract 12). */
    enum Result {
        SUCCESS("success"), FAIL("fail"), STOP("stop");

        private final String label;

        Result(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    AttemptListener NONE = (jobName, result, durationMs) -> { };

    void attemptEnded(String jobName, Result result, long durationMs);
}
