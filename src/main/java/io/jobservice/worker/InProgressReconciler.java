package io.jobservice.worker;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.jobservice.queue.JobQueue;
import io.jobservice.queue.RedisAccessException;
import io.jobservice.queue.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings this node's in-progress lists in line with what its workers really hold (decisions D2). A fetch runs in
 * Redis and moves jobs into the pool's in-progress list; when its reply is lost (a dropped connection, a Redis
 * restart, a command time-out), the node never learns of those jobs, and since the pool is alive no reaper would
 * ever give them back. Every few seconds this compares the lists with the entries the dispatcher holds, and puts an
 * entry that no worker has held for at least {@code graceMs} back on its queue.
 *
 * <p>A job merely slow to start is never taken: the dispatcher holds an entry from the moment its fetch's reply is
 * read, and a reply that has not arrived within the Redis command time-out never will (the grace must be longer).
 * Like BullMQ's stalled-job check, an entry must be seen unheld on two looks at least the grace apart, and the
 * script moves it only if it is still in the list.
 */
public final class InProgressReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(InProgressReconciler.class);

    private final WorkerPool pool;
    private final JobQueue queue;
    private final Supplier<Set<String>> jobNames;
    private final Supplier<Map<HeldJobs.Entry, Integer>> held;
    private final Clock clock;
    private final long graceMs;
    /** Entries seen unheld, with when they were first seen so. */
    private Map<HeldJobs.Entry, Long> unheldSince = Map.of();

    /**
     * @param jobNames the job types whose in-progress lists to look at
     * @param held     the entries the dispatcher holds now
     */
    InProgressReconciler(WorkerPool pool, JobQueue queue, Supplier<Set<String>> jobNames,
                         Supplier<Map<HeldJobs.Entry, Integer>> held, Clock clock, long graceMs) {
        this.pool = pool;
        this.queue = queue;
        this.jobNames = jobNames;
        this.held = held;
        this.clock = clock;
        this.graceMs = graceMs;
    }

    public InProgressReconciler(WorkerPool pool, JobQueue queue, Supplier<Set<String>> jobNames,
                                JobDispatcher dispatcher, Clock clock, long graceMs) {
        this(pool, queue, jobNames, dispatcher::heldJobs, clock, graceMs);
    }

    /** One look; returns how many stranded entries went back on their queues. */
    public synchronized long runOnce() {
        Map<String, List<String>> lists;
        try {
            lists = queue.inProgress(pool.poolId(), new TreeSet<>(jobNames.get()));
        } catch (RedisAccessException e) {
            LOG.debug("Cannot read this pool's in-progress lists: {}", RedisConnector.rootMessage(e));
            return 0;
        }
        // read after the lists: an entry fetched in between is held here and simply not in the lists
        Map<HeldJobs.Entry, Integer> holding = held.get();
        long now = clock.millis();
        Map<HeldJobs.Entry, Long> stillUnheld = new HashMap<>();
        List<JobQueue.StrandedEntry> stranded = new ArrayList<>();
        lists.forEach((name, entries) -> {
            Map<HeldJobs.Entry, Integer> inList = new HashMap<>();
            entries.forEach(json -> inList.merge(new HeldJobs.Entry(name, json), 1, Integer::sum));
            inList.forEach((entry, count) -> {
                int unheld = count - holding.getOrDefault(entry, 0);
                if (unheld <= 0) {
                    return;
                }
                long since = unheldSince.getOrDefault(entry, now);
                if (now - since >= graceMs) {
                    for (int i = 0; i < unheld; i++) {
                        stranded.add(new JobQueue.StrandedEntry(name, entry.json()));
                    }
                } else {
                    stillUnheld.put(entry, since);
                }
            });
        });
        unheldSince = stillUnheld;
        if (stranded.isEmpty()) {
            return 0;
        }
        try {
            long moved = queue.requeueStranded(pool.poolId(), stranded, pool.workerIds());
            if (moved > 0) {
                LOG.warn("{} jobs of this pool's in-progress lists were held by no worker for {} s (a lost Redis"
                        + " reply); they are back on their queues", moved, graceMs / 1000);
            }
            return moved;
        } catch (RedisAccessException e) {
            LOG.debug("Cannot requeue stranded jobs: {}", RedisConnector.rootMessage(e));
            // seen again on the next look, still past the grace
            stranded.forEach(entry -> unheldSince.put(new HeldJobs.Entry(entry.jobName(), entry.json()), now - graceMs));
            return 0;
        }
    }
}
