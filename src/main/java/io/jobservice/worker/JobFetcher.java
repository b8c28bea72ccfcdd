package io.jobservice.worker;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.jobservice.queue.FetchedJob;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.RedisConnector;
import io.lettuce.core.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop that feeds the workers: whenever workers are idle it fetches up to that many jobs in one script call
 * and hands each to the worker route. When the queues are empty it waits a little longer each time (up to
 * {@code maxIdleWaitMs}), and is woken at once when this node queues a job. While Redis is unreachable it pauses
 * and resumes by itself.
 */
public final class JobFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(JobFetcher.class);
    private static final long MAX_REDIS_BACKOFF_MS = 5_000;

    private final WorkerPool pool;
    private final JobQueue queue;
    private final Supplier<Map<String, Integer>> priorities;
    private final Consumer<FetchedJob> dispatch;
    private final Clock clock;
    private final long maxIdleWaitMs;
    private final long observationTtlSeconds;
    private final Object wakeUp = new Object();
    private volatile boolean running;
    private volatile boolean wakeRequested;
    private Thread thread;

    /**
     * @param priorities job type name to priority weight, read on every fetch so new types are picked up
     * @param dispatch   hands a fetched job to a worker
     */
    public JobFetcher(WorkerPool pool, JobQueue queue, Supplier<Map<String, Integer>> priorities,
                      Consumer<FetchedJob> dispatch, Clock clock, long maxIdleWaitMs, long observationTtlSeconds) {
        this.pool = pool;
        this.queue = queue;
        this.priorities = priorities;
        this.dispatch = dispatch;
        this.clock = clock;
        this.maxIdleWaitMs = maxIdleWaitMs;
        this.observationTtlSeconds = observationTtlSeconds;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "job-fetcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops fetching and waits for the loop to end; jobs already handed out keep running. */
    public synchronized void stop() {
        running = false;
        wake();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    /** Asks the loop to look at the queues now (called when this node queued a job). */
    public void wake() {
        wakeRequested = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void loop() {
        long idleWaitMs = 0;
        long redisBackoffMs = 0;
        while (running) {
            List<String> workers;
            try {
                workers = pool.takeIdleWorkers(100);
            } catch (InterruptedException e) {
                return;
            }
            if (workers.isEmpty()) {
                continue;
            }
            List<FetchedJob> jobs;
            try {
                wakeRequested = false;
                jobs = queue.fetch(pool.poolId(), orderedJobNames(), workers, clock.millis() / 1000,
                        observationTtlSeconds);
                if (redisBackoffMs > 0) {
                    LOG.info("Redis is reachable again; workers resume fetching jobs");
                    redisBackoffMs = 0;
                }
            } catch (RedisException e) {
                workers.forEach(pool::release);
                if (redisBackoffMs == 0) {
                    LOG.warn("Cannot fetch jobs, Redis is unreachable ({}); workers pause until it is back",
                            RedisConnector.rootMessage(e));
                }
                redisBackoffMs = Math.min(Math.max(100, redisBackoffMs * 2), MAX_REDIS_BACKOFF_MS);
                pause(redisBackoffMs);
                continue;
            } catch (RuntimeException e) {
                workers.forEach(pool::release);
                LOG.error("Fetching jobs failed", e);
                pause(1000);
                continue;
            }
            releaseUnused(workers, jobs);
            jobs.forEach(dispatch);
            if (jobs.isEmpty()) {
                idleWaitMs = idleWaitMs == 0 ? 1 : Math.min(idleWaitMs * 4, maxIdleWaitMs);
                pause(idleWaitMs);
            } else {
                idleWaitMs = 0;
            }
        }
    }

    private void releaseUnused(List<String> workers, List<FetchedJob> jobs) {
        Set<String> used = new HashSet<>();
        jobs.forEach(job -> used.add(job.workerId()));
        for (String worker : workers) {
            if (!used.contains(worker)) {
                pool.release(worker);
            }
        }
    }

    /** Job types in a weighted random order, so higher priorities are tried first more often (gocraft). */
    List<String> orderedJobNames() {
        Map<String, Integer> weights = priorities.get();
        List<Map.Entry<String, Double>> keyed = new ArrayList<>(weights.size());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // Efraimidis-Spirakis: sorting by u^(1/w) draws a weighted permutation
        weights.forEach((name, weight) -> keyed.add(Map.entry(name,
                Math.pow(random.nextDouble(), 1.0 / Math.max(1, weight)))));
        keyed.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
        return keyed.stream().map(Map.Entry::getKey).toList();
    }

    private void pause(long ms) {
        synchronized (wakeUp) {
            if (wakeRequested || !running) {
                return;
            }
            try {
                wakeUp.wait(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
