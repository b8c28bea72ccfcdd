package io.jobservice.worker;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.jobservice.queue.AttemptOutcome;
import io.jobservice.queue.FetchedJob;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.RedisAccessException;
import io.jobservice.queue.RedisConnector;
import org.apache.camel.spi.ExecutorServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that talk to the queues for this node's workers. Each turn is a single script call
 * ({@link JobQueue#cycle}): it records how the attempts that ended since the last turn went, and fetches a job for
 * every idle worker, the workers of those attempts included. So a busy pool costs one round trip per batch of
 * jobs, not two per job. Several dispatcher threads ({@code lanes}) take turns so one turn's round trip overlaps
 * the next: each takes whatever ended attempts and idle workers there are when it starts.
 *
 * <p>A worker slot is given back only once its attempt is recorded, so no more jobs are held than there are
 * workers. When the queues are empty it waits a little longer each time (up to {@code maxIdleWaitMs}); an ended
 * attempt or a job queued on this node wakes it at once. While Redis is unreachable it keeps the outcomes, pauses,
 * and resumes by itself.
 */
public final class JobDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(JobDispatcher.class);
    private static final long MAX_REDIS_BACKOFF_MS = 5_000;
    private static final long WAKE_COALESCE_MS = 2;

    private final WorkerPool pool;
    private final JobQueue queue;
    private final Supplier<Map<String, Integer>> priorities;
    private final Consumer<FetchedJob> dispatch;
    private final Clock clock;
    private final long maxIdleWaitMs;
    private final long observationTtlSeconds;
    private final int lanes;
    private final int maxPerType;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private final List<AttemptOutcome> ended = new ArrayList<>();
    private final HeldJobs held = new HeldJobs();
    private boolean signalled;
    private volatile boolean fetching;
    private volatile boolean closed;
    private ExecutorServiceManager executors;
    private ExecutorService lanesPool;

    /**
     * @param priorities job type name to priority weight, read every turn so new types are picked up
     * @param dispatch   hands a fetched job to a worker
     * @param lanes      dispatcher threads
     * @param reserved   workers no single job type may take while other types are registered, so a flood of long
     *                   jobs of one type cannot starve the others
     */
    public JobDispatcher(WorkerPool pool, JobQueue queue, Supplier<Map<String, Integer>> priorities,
                         Consumer<FetchedJob> dispatch, Clock clock, long maxIdleWaitMs, long observationTtlSeconds,
                         int lanes, int reserved) {
        this.pool = pool;
        this.queue = queue;
        this.priorities = priorities;
        this.dispatch = dispatch;
        this.clock = clock;
        this.maxIdleWaitMs = maxIdleWaitMs;
        this.observationTtlSeconds = observationTtlSeconds;
        this.lanes = Math.max(1, lanes);
        this.maxPerType = Math.max(1, pool.concurrency() - Math.max(0, reserved));
    }

    /** Starts the dispatcher lanes on threads of Camel's executor service manager. */
    public synchronized void start(ExecutorServiceManager executors) {
        if (lanesPool != null) {
            return;
        }
        fetching = true;
        this.executors = executors;
        lanesPool = executors.newFixedThreadPool(this, "job-dispatcher", lanes);
        for (int i = 0; i < lanes; i++) {
            lanesPool.execute(this::loop);
        }
    }

    /** Called by a worker when its attempt ended; the outcome is recorded in the next turn. */
    public void attemptEnded(AttemptOutcome outcome) {
        lock.lock();
        try {
            ended.add(outcome);
            signalled = true;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The in-progress entries this node's workers hold: fetched and not yet recorded as ended. */
    Map<HeldJobs.Entry, Integer> heldJobs() {
        return held.snapshot();
    }

    /** Asks for a turn now (called when this node queued a job). */
    public void wake() {
        lock.lock();
        try {
            signalled = true;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking new jobs; outcomes of running jobs are still recorded. */
    public void stopFetching() {
        fetching = false;
        wake();
    }

    /** Ends the loop; outcomes not recorded by then stay in progress in Redis and are requeued. */
    public synchronized void close() {
        fetching = false;
        closed = true;
        wake();
        if (lanesPool == null) {
            return;
        }
        executors.shutdown(lanesPool);
        try {
            lanesPool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lanesPool = null;
    }

    private void loop() {
        List<AttemptOutcome> unrecorded = new ArrayList<>();
        long idleWaitMs = 0;
        long redisBackoffMs = 0;
        while (!closed) {
            unrecorded.addAll(takeEnded());
            List<String> idle = fetching ? pool.takeIdleWorkers() : List.of();
            // the workers of the attempts recorded in this turn can take a job in the same turn
            List<String> workers = new ArrayList<>(idle);
            unrecorded.forEach(outcome -> workers.add(outcome.fetched().workerId()));
            if (unrecorded.isEmpty() && idle.isEmpty()) {
                await(100);
                continue;
            }
            JobQueue.Cycle cycle;
            try {
                List<String> jobNames = fetching ? orderedJobNames() : List.of();
                cycle = queue.cycle(pool.poolId(), unrecorded, jobNames, fetching ? workers : List.of(),
                        jobNames.size() > 1 ? maxPerType : pool.concurrency(), clock.millis() / 1000,
                        observationTtlSeconds);
                if (redisBackoffMs > 0) {
                    LOG.info("Redis is reachable again; workers resume");
                    redisBackoffMs = 0;
                }
            } catch (RedisAccessException e) {
                if (redisBackoffMs == 0) {
                    LOG.warn("Redis is unreachable ({}); workers pause until it is back", RedisConnector.rootMessage(e));
                }
                redisBackoffMs = Math.min(Math.max(100, redisBackoffMs * 2), MAX_REDIS_BACKOFF_MS);
                releaseUnused(idle, List.of());
                await(redisBackoffMs);
                continue;
            } catch (RuntimeException e) {
                LOG.error("A worker pool turn failed", e);
                releaseUnused(idle, List.of());
                await(1000);
                continue;
            }
            boolean recordedAny = !unrecorded.isEmpty();
            // held from the moment the reply is read until the attempt's end is recorded, so the reconciler never
            // takes a job that a worker has or is about to get
            cycle.fetched().forEach(held::hold);
            unrecorded.forEach(outcome -> held.release(outcome.fetched()));
            unrecorded.clear();
            cycle.buried().forEach(entry -> LOG.error("A queued {} job{} cannot be run ({}); it was moved to the dead"
                    + " set", entry.jobName(), entry.jobId().isEmpty() ? "" : " " + entry.jobId(), entry.reason()));
            releaseUnused(workers, cycle.fetched());
            cycle.fetched().forEach(this::handToWorker);
            if (cycle.fetched().isEmpty() && !recordedAny) {
                idleWaitMs = idleWaitMs == 0 ? 1 : Math.min(idleWaitMs * 4, maxIdleWaitMs);
                // a turn that found nothing (a paused queue, types at their cap) is not repeated for every job
                // submitted meanwhile: the wakes of the next 2 ms make one turn
                pause(Math.min(idleWaitMs, WAKE_COALESCE_MS));
                await(idleWaitMs - Math.min(idleWaitMs, WAKE_COALESCE_MS));
            } else {
                idleWaitMs = 0;
            }
        }
    }

    private void handToWorker(FetchedJob job) {
        try {
            dispatch.accept(job);
        } catch (RuntimeException e) {
            // not handed to a worker: let it go, so the reconciler puts it back on its queue
            LOG.error("Cannot hand job {} to a worker; it goes back on its queue", job.json(), e);
            held.release(job);
            pool.release(job.workerId());
        }
    }

    /** Gives back the slots of this turn's workers that got no job. */
    private void releaseUnused(List<String> workers, List<FetchedJob> fetched) {
        Set<String> used = new HashSet<>();
        fetched.forEach(job -> used.add(job.workerId()));
        for (String worker : workers) {
            if (!used.contains(worker)) {
                pool.release(worker);
            }
        }
    }

    private List<AttemptOutcome> takeEnded() {
        lock.lock();
        try {
            List<AttemptOutcome> taken = new ArrayList<>(ended);
            ended.clear();
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** Waits whatever is signalled meanwhile (the signal stays for the next {@link #await}). */
    private void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private void await(long ms) {
        lock.lock();
        try {
            if (!signalled && !closed && ended.isEmpty()) {
                signal.await(ms, TimeUnit.MILLISECONDS);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        } finally {
            lock.unlock();
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
}
