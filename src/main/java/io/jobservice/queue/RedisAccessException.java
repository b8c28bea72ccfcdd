package io.jobservice.queue;

/**
 * A Redis command failed: Redis could not be reached, did not answer within the command time-out, or refused the
 * command. The Redis client's own exception is the cause; it stays inside this package, so the rest of the service
 * does not depend on which client talks to Redis.
 */
public final class RedisAccessException extends RuntimeException {

    RedisAccessException(Throwable cause) {
        super(cause.getMessage(), cause);
    }

    RedisAccessException(String message) {
        super(message);
    }
}
