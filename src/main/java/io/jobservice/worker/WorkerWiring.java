package io.jobservice.worker;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.jobservice.config.HarborConfig;
import io.jobservice.job.Job;
import io.jobservice.job.JobRegistry;
import io.jobservice.logs.JobLogs;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.JobStatsStore;
import io.jobservice.queue.RedisConnector;
import io.jobservice.queue.WorkerPoolStore;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.apache.camel.support.CamelContextHelper.parseLong;

/**
 * Binds this node's worker pool and what runs, watches and recovers its jobs, under the names the housekeeping
 * routes call them by, and adds the worker route.
 */
public final class WorkerWiring implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerWiring.class);

    private Registry beans;
    private CamelContext context;
    private Clock clock;
    private JobRegistry jobTypes;

    @Override
    public void configure(CamelContext context) throws Exception {
        this.context = context;
        this.beans = context.getRegistry();
        this.clock = beans.mandatoryFindSingleByType(Clock.class);
        this.jobTypes = beans.mandatoryFindSingleByType(JobRegistry.class);
        HarborConfig config = beans.mandatoryFindSingleByType(HarborConfig.class);
        JobQueue queue = beans.mandatoryFindSingleByType(JobQueue.class);
        JobStatsStore stats = beans.mandatoryFindSingleByType(JobStatsStore.class);
        WorkerPoolStore pools = beans.mandatoryFindSingleByType(WorkerPoolStore.class);

        WorkerPool pool = new WorkerPool(config.workers(), clock.millis() / 1000);
        RunningJobs running = new RunningJobs();
        Heartbeater heartbeater = new Heartbeater(pool, pools, jobTypes::names, clock,
                () -> running.stopAll(RunningJobs.StopReason.TAKEN_OVER, clock.millis()));
        recordNewJobTypes(queue, heartbeater);
        JobDispatcher dispatcher = dispatcher(config, pool, queue);
        JobRunner runner = new JobRunner(queue, stats, jobTypes, running,
                beans.mandatoryFindSingleByType(JobLogs.class), clock);
        beans.bind("workerPool", pool);
        beans.bind("heartbeater", heartbeater);
        beans.bind("jobDispatcher", dispatcher);
        beans.bind("jobRunner", runner);
        beans.bind("runningJobWatcher", new RunningJobWatcher(running, stats, clock,
                1000 * longProperty("jobservice.pool.stop-grace-seconds")));
        beans.bind("deadPoolReaper", new DeadPoolReaper(pool.poolId(), pools, queue, clock,
                longProperty("jobservice.reaper.dead-after-seconds")));
        beans.bind("inProgressReconciler", reconciler(pool, queue, pools, dispatcher));
        beans.bind("statusReaper", new StatusReaper(stats, clock, config.maxUpdateHours() * 3600L));
        beans.bind("workerService", new WorkerService(pool, dispatcher, queue, heartbeater, jobTypes::names,
                Duration.ofSeconds(longProperty("jobservice.pool.shutdown-timeout-seconds")),
                context.getExecutorServiceManager()));
        context.addRoutes(new WorkerRoutes(runner, dispatcher));
    }

    /**
     * Job types defined by routes register while their routes start: record each in Redis (for the cluster's
     * concurrency caps) and in the next heartbeat.
     */
    private void recordNewJobTypes(JobQueue queue, Heartbeater heartbeater) {
        jobTypes.addListener(new JobRegistry.Listener() {
            @Override
            public void registered(String name, Job job) {
                try {
                    queue.registerJobTypes(Map.of(name, job.maxConcurrency()));
                } catch (RuntimeException e) {
                    // the pool's next start writes it again; the type works on this node meanwhile
                    LOG.warn("Cannot record job type {} in Redis: {}", name, RedisConnector.rootMessage(e));
                }
                LOG.info("Job type {} registered", name);
                heartbeater.runOnce();
            }

            @Override
            public void unregistered(String name) {
                LOG.info("Job type {} unregistered", name);
                heartbeater.runOnce();
            }
        });
    }

    private JobDispatcher dispatcher(HarborConfig config, WorkerPool pool, JobQueue queue) {
        ProducerTemplate producer = context.createProducerTemplate();
        Endpoint workerQueue = context.getEndpoint(context.resolvePropertyPlaceholders(WorkerRoutes.WORKER_QUEUE));
        return new JobDispatcher(pool, queue, () -> jobTypes.priorities(clock.millis()),
                job -> producer.sendBody(workerQueue, job), clock,
                longProperty("jobservice.pool.max-idle-wait-ms"), config.maxJobDurationSeconds(),
                (int) longProperty("jobservice.pool.dispatchers"), (int) longProperty("jobservice.pool.reserved-workers"));
    }

    private InProgressReconciler reconciler(WorkerPool pool, JobQueue queue, WorkerPoolStore pools,
                                            JobDispatcher dispatcher) {
        long graceMs = 1000 * longProperty("jobservice.pool.reconcile-grace-seconds");
        long commandTimeoutMs = longProperty("jobservice.redis.command-timeout-ms");
        if (graceMs <= commandTimeoutMs) {
            // a fetch's reply can arrive up to the command time-out late; a shorter grace would requeue jobs that run
            throw new IllegalArgumentException("jobservice.pool.reconcile-grace-seconds (" + graceMs / 1000
                    + " s) must be longer than jobservice.redis.command-timeout-ms (" + commandTimeoutMs + " ms)");
        }
        return new InProgressReconciler(pool, queue, () -> {
            Set<String> names = new TreeSet<>(pools.knownJobs());
            names.addAll(jobTypes.names());
            return names;
        }, dispatcher, clock, graceMs);
    }

    private long longProperty(String key) {
        return parseLong(context, "{{" + key + "}}");
    }
}
