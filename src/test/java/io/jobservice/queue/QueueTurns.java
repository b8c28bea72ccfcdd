package io.jobservice.queue;

import java.util.List;

/** One-sided turns of {@link JobQueue#cycle}, for tests that look at fetching and ending apart. */
final class QueueTurns {

    private QueueTurns() {
    }

    /** Takes up to one job per idle worker and marks each Running: a turn that ends no attempt. */
    static List<FetchedJob> fetch(JobQueue queue, String poolId, List<String> jobNames, List<String> idleWorkers,
                                  long now, long observationTtlSeconds) {
        return queue.cycle(poolId, List.of(), jobNames, idleWorkers, Integer.MAX_VALUE, now, observationTtlSeconds)
                .fetched();
    }

    /** Records how one attempt ended, a turn that fetches nothing; null when no status was given. */
    static JobStatsStore.WriteResult complete(JobQueue queue, String poolId, AttemptOutcome outcome, long now) {
        return queue.cycle(poolId, List.of(outcome), List.of(), List.of(), Integer.MAX_VALUE, now, 0).results().get(0);
    }

    /** Number of jobs waiting in a type's queue. */
    static long size(JobQueue queue, String jobName) {
        return queue.queues(List.of(jobName)).get(0).size();
    }
}
