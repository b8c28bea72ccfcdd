package io.jobservice.worker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.jobservice.queue.FetchedJob;

/**
 * The in-progress entries this node holds: fetched (their fetch's reply arrived), not yet recorded as ended. What
 * the node's in-progress lists hold beyond these, nobody here will run or end; {@link InProgressReconciler} puts it
 * back. Counted as a multiset, since two queued entries can be the same text.
 */
final class HeldJobs {

    /** One in-progress entry: its job type and its JSON exactly as in the list. */
    record Entry(String jobName, String json) {
        static Entry of(FetchedJob job) {
            return new Entry(job.queueName(), job.json());
        }
    }

    private final Map<Entry, Integer> counts = new ConcurrentHashMap<>();

    void hold(FetchedJob job) {
        counts.merge(Entry.of(job), 1, Integer::sum);
    }

    void release(FetchedJob job) {
        counts.computeIfPresent(Entry.of(job), (entry, n) -> n > 1 ? n - 1 : null);
    }

    /** How many of each entry are held now. */
    Map<Entry, Integer> snapshot() {
        return Map.copyOf(counts);
    }
}
