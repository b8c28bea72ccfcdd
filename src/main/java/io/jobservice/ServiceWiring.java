package io.jobservice;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import io.jobservice.api.ApiWiring;
import io.jobservice.config.HarborConfig;
import io.jobservice.hook.HookSweeper;
import io.jobservice.hook.HookWiring;
import io.jobservice.job.JobRegistry;
import io.jobservice.job.impl.DemoJob;
import io.jobservice.job.impl.NoopJob;
import io.jobservice.job.impl.SchedulerJob;
import io.jobservice.jobcomponent.JobComponentWiring;
import io.jobservice.logs.JobLogWiring;
import io.jobservice.metrics.ClusterStatsCache;
import io.jobservice.notification.HttpJobWiring;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.ThroughputBuckets;
import io.jobservice.queue.WorkerPoolStore;
import io.jobservice.routesfolder.RoutesFolderWatcher;
import io.jobservice.scheduling.PeriodicScheduler;
import io.jobservice.scheduling.ScheduledJobTimer;
import io.jobservice.scheduling.SchedulingWiring;
import io.jobservice.tls.TlsWiring;
import io.jobservice.worker.WorkerService;
import io.jobservice.worker.WorkerWiring;
import io.vertx.core.Vertx;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import static org.apache.camel.support.CamelContextHelper.parseLong;
import static org.apache.camel.support.CamelContextHelper.parseText;

/**
 * Wires the service into Camel. It binds what every part shares (config.yml, the clock, the job types) and runs
 * each package's configuration in dependency order; each binds its beans in Camel's registry, where the later
 * ones find them by type and the YAML routes by name. Then it lists what runs beside the routes.
 */
public final class ServiceWiring implements CamelConfiguration {

    private final HarborConfig config;
    private final String coreSecret;
    private final Clock clock;
    private final JobRegistry registry = builtInJobTypes();

    /** @param clock the time every part reads (tests pass their own) */
    public ServiceWiring(HarborConfig config, String coreSecret, Clock clock) {
        this.config = config;
        this.coreSecret = coreSecret;
        this.clock = clock;
    }

    /** The Java job types; WEBHOOK and SLACK are routes under routes/. */
    private static JobRegistry builtInJobTypes() {
        JobRegistry registry = new JobRegistry()
                .register(NoopJob.NAME, new NoopJob())
                .register(DemoJob.NAME, new DemoJob());
        SchedulerJob.NAMES.forEach(name -> registry.register(name, new SchedulerJob()));
        return registry;
    }

    public JobRegistry registry() {
        return registry;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry beans = context.getRegistry();
        beans.bind("harborConfig", config);
        beans.bind("clock", clock);
        beans.bind("jobRegistry", registry);
        Vertx vertx = Vertx.vertx();
        List<CamelConfiguration> parts = List.of(new TlsWiring(vertx), new RedisWiring(), new HttpJobWiring(),
                new JobLogWiring(), new WorkerWiring(), new JobComponentWiring(), new SchedulingWiring(),
                new HookWiring(), new ClusterStatsWiring(), new ApiWiring(coreSecret, vertx));
        for (CamelConfiguration part : parts) {
            part.configure(context);
        }
        RoutesFolderWatcher routesWatcher = new RoutesFolderWatcher(context, registry,
                Path.of(parseText(context, "{{jobservice.routes.dir}}").trim()),
                parseLong(context, "{{jobservice.routes.watch-period-ms}}"));
        context.getManagementStrategy().addEventNotifier(new BackgroundServices(context, List.of(
                beans.mandatoryFindSingleByType(WorkerService.class),
                beans.mandatoryFindSingleByType(ScheduledJobTimer.class),
                beans.mandatoryFindSingleByType(HookSweeper.class),
                beans.mandatoryFindSingleByType(PeriodicScheduler.class).triggersAtStart(),
                routesWatcher, Monitoring.install(context)),
                parseLong(context, "{{jobservice.stop.routes-timeout-seconds}}")));
    }

    /** Binds the one cache of cluster-wide numbers, shared by the metrics, MBeans, health checks and the dashboard API. */
    private static final class ClusterStatsWiring implements CamelConfiguration {
        @Override
        public void configure(CamelContext context) {
            Registry beans = context.getRegistry();
            beans.bind("clusterStatsCache", new ClusterStatsCache(beans.mandatoryFindSingleByType(JobQueue.class),
                    beans.mandatoryFindSingleByType(JobRegistry.class)::names,
                    beans.mandatoryFindSingleByType(WorkerPoolStore.class),
                    beans.mandatoryFindSingleByType(ThroughputBuckets.class),
                    beans.mandatoryFindSingleByType(Clock.class),
                    parseLong(context, "{{jobservice.metrics.redis-read-max-age-ms}}")));
        }
    }
}
