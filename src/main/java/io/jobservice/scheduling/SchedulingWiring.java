package io.jobservice.scheduling;

import java.time.Clock;

import io.jobservice.queue.ClusterJobTypes;
import io.jobservice.queue.DueJobs;
import io.jobservice.queue.JobStatsStore;
import io.jobservice.queue.PeriodicPolicyStore;
import io.jobservice.worker.JobDispatcher;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import static org.apache.camel.support.CamelContextHelper.parseLong;

/**
 * Binds what moves Scheduled and retried jobs to their queues when due and keeps the periodic policies' Quartz
 * triggers, under the names the housekeeping and periodic routes call them by. Each wakes this node's workers
 * when it queued a job.
 */
public final class SchedulingWiring implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Registry beans = context.getRegistry();
        Clock clock = beans.mandatoryFindSingleByType(Clock.class);
        DueJobs dueJobs = beans.mandatoryFindSingleByType(DueJobs.class);
        ClusterJobTypes jobTypes = beans.mandatoryFindSingleByType(ClusterJobTypes.class);
        Runnable jobsReady = beans.mandatoryFindSingleByType(JobDispatcher.class)::wake;
        beans.bind("requeuer", new Requeuer(dueJobs, clock, jobTypes::recentlyLive, jobsReady));
        beans.bind("scheduledJobTimer", new ScheduledJobTimer(dueJobs, clock, jobTypes::recentlyLive, jobsReady,
                parseLong(context, "{{jobservice.scheduled.max-sleep-ms}}"), context.getExecutorServiceManager()));
        beans.bind("periodicScheduler", new PeriodicScheduler(context,
                beans.mandatoryFindSingleByType(PeriodicPolicyStore.class),
                beans.mandatoryFindSingleByType(JobStatsStore.class), clock, jobsReady));
    }
}
