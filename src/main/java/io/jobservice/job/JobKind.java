package io.jobservice.job;

/** How a job is started: now, after a delay, or on a cron schedule (contract 2.1). */
public enum JobKind {
    GENERIC("Generic"),
    SCHEDULED("Scheduled"),
    PERIODIC("Periodic");

    private final String wireName;

    JobKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name used on the wire and in Redis, e.g. {@code Generic}. */
    public String wireName() {
        return wireName;
    }

    /** The kind for a case-sensitive wire name, or null. */
    public static JobKind fromWire(String name) {
        for (JobKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        return null;
    }
}
