package io.jobservice.job;

/**
 * A job's status, ordered by Harbor's rank (contract 3.1): Pending 0, Scheduled 1, Running 2, the finals 3.
 * Equal ranks mean no final status can replace another within one revision. Which write may replace which is
 * decided where it must be atomic, in Redis: {@code set_status} in {@code lua/lib/status.lua} is the one copy of
 * the rule (its table is tested in {@code JobStatsStoreTest}).
 */
public enum JobStatus {
    PENDING("Pending", 0),
    SCHEDULED("Scheduled", 1),
    RUNNING("Running", 2),
    STOPPED("Stopped", 3),
    ERROR("Error", 3),
    SUCCESS("Success", 3);

    private final String wireName;
    private final int rank;

    JobStatus(String wireName, int rank) {
        this.wireName = wireName;
        this.rank = rank;
    }

    public String wireName() {
        return wireName;
    }

    public int rank() {
        return rank;
    }

    /** The status for a case-sensitive wire name, or null when unknown. */
    public static JobStatus fromWire(String name) {
        for (JobStatus status : values()) {
            if (status.wireName.equals(name)) {
                return status;
            }
        }
        return null;
    }
}
