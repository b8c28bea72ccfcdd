package io.jobservice.queue;

/**
 * The three sorted sets where jobs wait in gocraft/work's layout (contract 6.1, 10.2), each entry a job's JSON
 * scored by a unix time: for its time ({@code scheduled}, scored by the run time), for their next attempt
 * ({@code retry}, by the retry time), or for an operator ({@code dead}, by the time the job died).
 */
public enum JobSet {
    SCHEDULED,
    RETRY,
    DEAD;

    String key(RedisKeys keys) {
        return switch (this) {
            case SCHEDULED -> keys.scheduled();
            case RETRY -> keys.retry();
            case DEAD -> keys.dead();
        };
    }

    /** Pages list the next due first, and the dead set the latest death first (what an operator looks for). */
    boolean newestFirst() {
        return this == DEAD;
    }
}
