package io.jobservice.worker;

import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.jobservice.job.JobIds;
import io.jobservice.job.JobKind;
import io.jobservice.job.JobRegistry;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.jobservice.logs.JobLogs;
import io.jobservice.queue.AttemptOutcome;
import io.jobservice.queue.FetchedJob;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.JobStatsStore;
import io.jobservice.queue.QueuedJob;
import io.jobservice.queue.RedisKeys;
import io.jobservice.support.RedisServerExtension;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker route with a real {@link JobRunner} (its stores on a real Redis): what is sent to the worker queue
 * runs on the SEDA consumers, at most as many at once as the pool has workers, and each outcome is handed on.
 */
class WorkerRoutesTest extends CamelTestSupport {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();
    static final int WORKERS = 2;

    final JobRegistry registry = new JobRegistry();
    final AtomicInteger runningNow = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final CountDownLatch twoStarted = new CountDownLatch(WORKERS);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void configureContext(CamelContextConfiguration camelContextConfiguration) {
        super.configureContext(camelContextConfiguration);
        Properties properties = new Properties();
        properties.setProperty("jobservice.pool.workers", Integer.toString(WORKERS));
        camelContextConfiguration.withUseOverridePropertiesWithPropertiesComponent(properties);
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        registry.register("QUICK", (job, parameters) -> { });
        registry.register("FAILING", (job, parameters) -> {
            throw new IllegalStateException("disk full");
        });
        registry.register("BLOCKING", (job, parameters) -> {
            mostAtOnce.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
            twoStarted.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } finally {
                runningNow.decrementAndGet();
            }
        });
        RedisKeys keys = new RedisKeys(REDIS.namespace());
        JobStatsStore stats = new JobStatsStore(REDIS.connector(), keys, JobStatsStore.Ttls.HARBOR);
        JobRunner runner = new JobRunner(new JobQueue(REDIS.connector(), keys, stats), stats, registry,
                new RunningJobs(), new JobLogs(List.of(), 0), Clock.systemUTC());
        // SEDA consumers wait a poll time-out (1 s) before their first poll and at stop; the test's own is shorter
        context.getEndpoint(context.resolvePropertyPlaceholders(WorkerRoutes.WORKER_QUEUE), SedaEndpoint.class)
                .setPollTimeout(50);
        ProducerTemplate ended = context.createProducerTemplate();
        return new WorkerRoutes(runner, outcome -> ended.sendBody("mock:ended", outcome));
    }

    static FetchedJob fetched(String workerId, String name) {
        String id = JobIds.newId();
        long now = System.currentTimeMillis() / 1000;
        QueuedJob job = new QueuedJob(name, id, now, null, false, 0, null, 0);
        return new FetchedJob(workerId, name, job.toJson(), job, FetchedJob.Action.RUN,
                JobStats.newJob(id, name, JobKind.GENERIC, JobStatus.RUNNING, false, null, null, now));
    }

    @Test
    void should_run_each_job_handed_to_the_worker_queue_and_hand_on_how_it_ended() throws Exception {
        MockEndpoint ended = getMockEndpoint("mock:ended");
        ended.expectedMessageCount(3);
        FetchedJob quick = fetched("w0", "QUICK");
        FetchedJob failing = fetched("w1", "FAILING");
        FetchedJob dropped = new FetchedJob("w0", "QUICK", "{", null, FetchedJob.Action.INVALID, null);

        template.sendBody(WorkerRoutes.WORKER_QUEUE, quick);
        template.sendBody(WorkerRoutes.WORKER_QUEUE, failing);
        template.sendBody(WorkerRoutes.WORKER_QUEUE, dropped);

        ended.assertIsSatisfied();
        List<AttemptOutcome> outcomes = ended.getExchanges().stream()
                .map(exchange -> exchange.getMessage().getBody(AttemptOutcome.class)).toList();
        assertThat(outcomes).filteredOn(outcome -> outcome.fetched() == quick).singleElement()
                .extracting(AttemptOutcome::status).isEqualTo(JobStatus.SUCCESS);
        assertThat(outcomes).filteredOn(outcome -> outcome.fetched() == failing).singleElement()
                .satisfies(outcome -> {
                    assertThat(outcome.status()).isEqualTo(JobStatus.ERROR);
                    assertThat(outcome.retryAt()).as("FAILING may retry").isPositive();
                    assertThat(outcome.failedJob().err()).isEqualTo("java.lang.IllegalStateException: disk full");
                });
        assertThat(outcomes).filteredOn(outcome -> outcome.fetched() == dropped).singleElement()
                .extracting(AttemptOutcome::status).as("dropped: nothing to record").isNull();
    }

    @Test
    void should_run_at_most_as_many_jobs_at_once_as_the_pool_has_workers() throws Exception {
        SedaEndpoint queue = context.getEndpoint(context.resolvePropertyPlaceholders(WorkerRoutes.WORKER_QUEUE),
                SedaEndpoint.class);
        assertThat(queue.getConcurrentConsumers()).isEqualTo(WORKERS);
        assertThat(queue.getSize()).isEqualTo(WORKERS);
        assertThat(queue.isBlockWhenFull()).isTrue();
        NotifyBuilder allDone = new NotifyBuilder(context).fromRoute("worker-run").whenDone(WORKERS + 1).create();

        for (int i = 0; i <= WORKERS; i++) {
            template.sendBody(WorkerRoutes.WORKER_QUEUE, fetched("w" + i, "BLOCKING"));
        }

        assertThat(twoStarted.await(5, TimeUnit.SECONDS)).as("both workers took a job").isTrue();
        // both consumers are held by their jobs, so the third job can only be waiting in the queue
        assertThat(queue.getCurrentQueueSize()).isEqualTo(1);
        release.countDown();
        assertThat(allDone.matches(5, TimeUnit.SECONDS)).isTrue();
        assertThat(mostAtOnce).hasValue(WORKERS);
    }
}
