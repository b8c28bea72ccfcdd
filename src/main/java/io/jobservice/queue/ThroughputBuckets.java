package io.jobservice.queue;

import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;

/**
 * The cluster's ended attempts per 10-second bucket ({@code throughput:<bucket start>} hashes with fields
 * {@code success} and {@code error}). Every worker pool's cycle.lua adds its turn's counts to the current bucket,
 * so the buckets are cluster-wide; each expires a little after the span the dashboard shows.
 */
public final class ThroughputBuckets {

    /** Width of one bucket, seconds. */
    public static final long BUCKET_SECONDS = 10;
    /** Buckets kept and shown: the last 15 minutes. */
    public static final int BUCKETS = 90;
    /** A bucket lives a minute longer than the span, so the oldest one shown is still there. */
    static final long TTL_SECONDS = BUCKET_SECONDS * BUCKETS + 60;

    /**
     * One bucket.
     *
     * @param t       unix seconds of its start
     * @param success attempts that ended in Success
     * @param error   attempts that failed (retried or not)
     */
    public record Bucket(long t, long success, long error) {
    }

    private final RedisConnector redis;
    private final RedisKeys keys;

    public ThroughputBuckets(RedisConnector redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** The {@link #BUCKETS} buckets up to the one holding {@code now} (unix seconds), oldest first, in one round trip. */
    public List<Bucket> last(long now) {
        long current = now - Math.floorMod(now, BUCKET_SECONDS);
        long first = current - BUCKET_SECONDS * (BUCKETS - 1);
        var async = redis.async();
        List<RedisFuture<List<KeyValue<String, String>>>> futures = new ArrayList<>(BUCKETS);
        for (int i = 0; i < BUCKETS; i++) {
            futures.add(async.hmget(keys.throughput(first + i * BUCKET_SECONDS), "success", "error"));
        }
        List<Bucket> buckets = new ArrayList<>(BUCKETS);
        for (int i = 0; i < BUCKETS; i++) {
            List<KeyValue<String, String>> fields = redis.await(futures.get(i));
            buckets.add(new Bucket(first + i * BUCKET_SECONDS, count(fields.get(0)), count(fields.get(1))));
        }
        return buckets;
    }

    private static long count(KeyValue<String, String> field) {
        try {
            return field.hasValue() ? Long.parseLong(field.getValue()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
