package io.jobservice.admin;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.jobservice.job.JobKind;
import io.jobservice.job.JobStats;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.JobSet;
import io.jobservice.queue.JobSetEntry;
import io.jobservice.queue.JobSetStore;
import io.jobservice.queue.JobStatsStore;
import io.jobservice.queue.PeriodicPolicyStore;
import io.jobservice.queue.WorkerPoolStore;

/**
 * The operator's actions, with typed arguments, used by the API and the MBeans alike so both doors behave the same:
 * the same checks, the same Redis writes, the same wake-ups of this node's loops.
 */
public final class AdminService {

    /** The stores the actions write. */
    public record Stores(JobStatsStore stats, PeriodicPolicyStore policies, JobQueue queue, WorkerPoolStore pools,
                         JobSetStore sets) {
    }

    /**
     * Who to tell on this node.
     *
     * @param jobsReady       a queue was resumed or an entry run now: the local workers look for jobs now, not at their
     *                        next idle turn
     * @param policiesChanged a periodic policy was removed: drop its triggers now
     */
    public record Listeners(Runnable jobsReady, Runnable policiesChanged) {
    }

    private final Stores stores;
    private final Listeners listeners;
    private final Supplier<? extends Collection<String>> localJobTypes;
    private final Clock clock;
    private final List<Runnable> queueListeners = new CopyOnWriteArrayList<>();

    /** @param localJobTypes the job types this node registers (other nodes' come from their heartbeats) */
    public AdminService(Stores stores, Listeners listeners, Supplier<? extends Collection<String>> localJobTypes,
                        Clock clock) {
        this.stores = stores;
        this.listeners = listeners;
        this.localJobTypes = localJobTypes;
        this.clock = clock;
    }

    /** Also told after every pause and resume (the metrics cache drops its queue figures). */
    public AdminService onQueueChange(Runnable listener) {
        queueListeners.add(listener);
        return this;
    }

    /**
     * Stops a job (contract 5.5 and 7): a Generic or Scheduled job becomes Stopped and never runs (a running one is
     * stopped by its node's watcher); a periodic job is unscheduled with its unfinished executions; an id without
     * stats may still be a stored policy.
     *
     * @throws NotFoundException when there is neither a job nor a policy of that id
     */
    public void stopJob(String jobId) {
        long now = now();
        JobStats current = stores.stats().get(jobId);
        if (current == null || current.kind() == JobKind.PERIODIC) {
            PeriodicPolicyStore.Unscheduled result = stores.policies().unschedule(jobId, now);
            if (result.policiesRemoved() == 0 && current == null) {
                throw new NotFoundException(jobId);
            }
            listeners.policiesChanged().run();
            return;
        }
        if ("missing".equals(stores.stats().stop(current, now))) {
            throw new NotFoundException(jobId);
        }
    }

    /**
     * Pauses a job type on every node (Harbor's {@code jobs:<name>:paused} key): its jobs stay queued.
     *
     * @throws NotFoundException when no node registers the type
     */
    public void pause(String jobName) {
        requireJobType(jobName);
        stores.queue().setPaused(jobName, true);
        queueListeners.forEach(Runnable::run);
    }

    /**
     * Resumes a paused job type; this node's workers look for its jobs at once.
     *
     * @throws NotFoundException when no node registers the type
     */
    public void resume(String jobName) {
        requireJobType(jobName);
        stores.queue().setPaused(jobName, false);
        queueListeners.forEach(Runnable::run);
        listeners.jobsReady().run();
    }

    /** @throws NotFoundException when no node registers the job type */
    public void requireJobType(String jobName) {
        if (!isKnownJobType(jobName)) {
            throw new NotFoundException("job type " + jobName);
        }
    }

    /**
     * One page of the scheduled, retry or dead set: the next due first, the dead set the latest death first.
     *
     * @param offset the index of the page's first entry, from 0
     * @param limit  most entries, 1 to {@link JobSetStore#MAX_PAGE_SIZE}
     * @throws IllegalArgumentException for an offset or limit out of range
     */
    public JobSetStore.Page entries(JobSet set, long offset, int limit) {
        return stores.sets().page(set, offset, limit);
    }

    /**
     * Runs one entry of a set now: it goes to the front of its job's queue and this node's workers look for it at
     * once. A scheduled or retry job runs as it would have at its time; a dead job runs again under its id, as a job
     * launched again (Pending, a newer revision, all its attempts).
     *
     * @return {@link JobSetStore.Result#DONE}, or why nothing changed
     */
    public JobSetStore.Result runNow(JobSet set, JobSetEntry.Id entry) {
        JobSetStore.Result result = stores.sets().runNow(set, entry, now(), this::isKnownJobType);
        if (result == JobSetStore.Result.DONE) {
            listeners.jobsReady().run();
        }
        return result;
    }

    /**
     * Deletes one entry of a set. Its job then reads as if stopped by the stop rule: a scheduled job becomes Stopped
     * (it will never run); a retry's or dead job keeps its final Error.
     *
     * @return {@link JobSetStore.Result#DONE} or {@link JobSetStore.Result#NOT_FOUND}
     */
    public JobSetStore.Result deleteEntry(JobSet set, JobSetEntry.Id entry) {
        return stores.sets().delete(set, entry, now());
    }

    private boolean isKnownJobType(String jobName) {
        return localJobTypes.get().contains(jobName) || stores.pools().knownJobs().contains(jobName);
    }

    private long now() {
        return clock.millis() / 1000;
    }
}
