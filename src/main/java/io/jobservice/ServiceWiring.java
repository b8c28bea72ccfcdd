package io.jobservice;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;

import io.jobservice.admin.AdminService;
import io.jobservice.api.ApiFallbackHandler;
import io.jobservice.api.ApiRoutes;
import io.jobservice.api.ApiServer;
import io.jobservice.api.JobController;
import io.jobservice.api.SecretAuthenticator;
import io.jobservice.config.ConfigException;
import io.jobservice.config.HarborConfig;
import io.jobservice.config.LoggerConfig;
import io.jobservice.config.RedisUrl;
import io.jobservice.health.HealthEndpoint;
import io.jobservice.hook.HookDelivery;
import io.jobservice.hook.HookRoutes;
import io.jobservice.hook.HookSweeper;
import io.jobservice.job.Job;
import io.jobservice.job.JobRegistry;
import io.jobservice.job.JobRequestValidator;
import io.jobservice.job.impl.DemoJob;
import io.jobservice.job.impl.NoopJob;
import io.jobservice.job.impl.SchedulerJob;
import io.jobservice.jobcomponent.JobComponent;
import io.jobservice.jobcomponent.JobLogListener;
import io.jobservice.jobcomponent.StopBetweenSteps;
import io.jobservice.logs.JobLogSweeper;
import io.jobservice.logs.JobLogs;
import io.jobservice.logs.LogLevel;
import io.jobservice.notification.EnvironmentProxySelector;
import io.jobservice.notification.HttpJobSupport;
import io.jobservice.queue.ClusterJobTypes;
import io.jobservice.queue.DueJobs;
import io.jobservice.queue.EmbeddedRedis;
import io.jobservice.queue.HookEventStore;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.JobSetStore;
import io.jobservice.queue.JobStatsStore;
import io.jobservice.queue.PeriodicPolicyStore;
import io.jobservice.queue.RedisConnector;
import io.jobservice.queue.RedisKeys;
import io.jobservice.queue.WorkerPoolStore;
import io.jobservice.routesfolder.RoutesFolderWatcher;
import io.jobservice.scheduling.CronSpec;
import io.jobservice.scheduling.PeriodicScheduler;
import io.jobservice.scheduling.Requeuer;
import io.jobservice.scheduling.ScheduledJobTimer;
import io.jobservice.tls.TlsMaterial;
import io.jobservice.worker.DeadPoolReaper;
import io.jobservice.worker.Heartbeater;
import io.jobservice.worker.InProgressReconciler;
import io.jobservice.worker.JobDispatcher;
import io.jobservice.worker.JobRunner;
import io.jobservice.worker.RunningJobWatcher;
import io.jobservice.worker.RunningJobs;
import io.jobservice.worker.StatusReaper;
import io.jobservice.worker.WorkerPool;
import io.jobservice.worker.WorkerRoutes;
import io.jobservice.worker.WorkerService;
import io.vertx.core.Vertx;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the service into Camel: connects Redis (starting the embedded one when configured), builds the stores,
 * job registry, worker pool and API, binds the beans the YAML routes call, adds the Java routes, and ties the
 * worker pool to the context's start and stop.
 */
public final class ServiceWiring implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceWiring.class);

    private final HarborConfig config;
    private final String coreSecret;
    private final Clock clock = Clock.systemUTC();
    private final JobRegistry registry = builtInJobTypes();

    public ServiceWiring(HarborConfig config, String coreSecret) {
        this.config = config;
        this.coreSecret = coreSecret;
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
        Vertx vertx = Vertx.vertx();
        TlsMaterial tls = tlsMaterial(context, vertx);
        EmbeddedRedis embedded = startEmbeddedRedis(context);
        RedisUrl redisUrl = embedded == null ? config.redisUrl() : RedisUrl.parse("redis_url", embedded.url());
        RedisConnector redis = RedisConnector.connect(redisUrl, redisUrl.redacted(),
                Duration.ofMillis(longProperty(context, "jobservice.redis.command-timeout-ms")),
                new RedisConnector.Tls(tls.trustManagerFactory(), tls.clientKeyManagerFactory()), () -> true);
        // hooks, WEBHOOK and SLACK trust Harbor's CAs and present the internal TLS certificate
        context.getComponent("http", HttpComponent.class)
                .setSslContextParameters(HttpJobSupport.sslContextParameters(tls.clientContext()));
        Stores stores = stores(context, redis, new RedisKeys(config.namespace()));
        stores.queue().registerJobTypes(maxConcurrencies());
        Workers workers = workers(context, stores);
        installJobComponent(context, stores.queue(), workers.heartbeater());
        Scheduling scheduling = scheduling(context, stores, workers.dispatcher());
        Hooks hooks = hooks(context, stores);

        SecretAuthenticator authenticator = new SecretAuthenticator(coreSecret);
        if (!authenticator.hasSecret()) {
            LOG.warn("CORE_SECRET is not set: every API call except GET /api/v1/stats is refused with 401");
        }
        // the API routes that wait on Redis run here, off the event loops (the submit does not wait)
        ExecutorService apiWorkers = context.getExecutorServiceManager().newFixedThreadPool(this, "api-worker",
                (int) longProperty(context, "jobservice.http.workers"));
        AdminService admin = new AdminService(new AdminService.Stores(stores.stats(), stores.policies(),
                stores.queue(), stores.pools(), stores.sets()), new AdminService.Listeners(workers.dispatcher()::wake,
                scheduling.periodic()::runOnce), registry::names, clock);
        JobController controller = new JobController(new JobRequestValidator(registry, CronSpec::problemWith, clock,
                name -> stores.jobTypes().live().contains(name)),
                new JobController.Stores(stores.queue(), stores.stats(), stores.pools(), stores.policies(),
                        stores.dueJobs()), redisPoolConfig(redisUrl),
                new JobController.Listeners(workers.dispatcher()::wake, scheduling.timer()::scheduled,
                        scheduling.periodic()::runOnce), clock, registry::names, apiWorkers, admin)
                .withJobLogs(workers.logs());

        Monitoring monitoring = Monitoring.install(context, new Monitoring.Parts(registry, stores.queue(),
                workers.pool(), workers.heartbeater(), workers.runner(), hooks.delivery(), scheduling.periodic(), redis,
                admin, tls), clock);

        bindHousekeepingBeans(context, stores, workers, scheduling);
        context.addRoutes(new ApiRoutes(controller, authenticator, new HealthEndpoint(context), apiWorkers));
        context.addRoutes(new WorkerRoutes(workers.runner(), workers.dispatcher()));
        context.addRoutes(new HookRoutes(hooks.delivery()));
        RoutesFolderWatcher routesWatcher = new RoutesFolderWatcher(context, registry,
                Path.of(property(context, "jobservice.routes.dir")),
                longProperty(context, "jobservice.routes.watch-period-ms"));
        tieToLifecycle(context, new Background(workers.service(), scheduling.timer(), hooks.sweeper(),
                scheduling.periodic(), routesWatcher, monitoring), redis, embedded);
        // added after the Redis service, so it stops before it (services stop in reverse order)
        context.addService(apiServer(context, authenticator, vertx, tls), true, true);
    }

    /**
     * Adds the {@code job:} component before any route is built: job types defined by routes are registered (in
     * Redis too) while their routes run, stop between steps when asked, and write their log steps to the job log.
     */
    private void installJobComponent(CamelContext context, JobQueue queue, Heartbeater heartbeater) {
        registry.addListener(new JobRegistry.Listener() {
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
        context.addComponent(JobComponent.SCHEME, new JobComponent(registry, clock));
        context.getCamelContextExtension().addInterceptStrategy(new StopBetweenSteps());
        context.getCamelContextExtension().addLogListener(new JobLogListener());
    }

    /** Everything kept in Redis. */
    private record Stores(JobStatsStore stats, JobQueue queue, WorkerPoolStore pools, DueJobs dueJobs,
                          PeriodicPolicyStore policies, HookEventStore hookEvents, ClusterJobTypes jobTypes,
                          JobSetStore sets) {
    }

    /** This node's worker pool and what runs, watches and recovers its jobs. */
    private record Workers(WorkerPool pool, JobDispatcher dispatcher, JobRunner runner, JobLogs logs,
                           Heartbeater heartbeater, RunningJobWatcher watcher, DeadPoolReaper deadPoolReaper,
                           InProgressReconciler reconciler, WorkerService service) {
    }

    /** Scheduled and periodic jobs. */
    private record Scheduling(Requeuer requeuer, ScheduledJobTimer timer, PeriodicScheduler periodic) {
    }

    /** Status hook delivery. */
    private record Hooks(HookDelivery delivery, HookSweeper sweeper) {
    }

    /** What runs beside the routes once the context has started, and stops before they do. */
    private record Background(WorkerService workers, ScheduledJobTimer timer, HookSweeper hookSweeper,
                              PeriodicScheduler periodicScheduler, RoutesFolderWatcher routesWatcher,
                              Monitoring monitoring) {
    }

    private Stores stores(CamelContext context, RedisConnector redis, RedisKeys keys) {
        JobStatsStore stats = new JobStatsStore(redis, keys, new JobStatsStore.Ttls(
                longProperty(context, "jobservice.stats.success-ttl-seconds"),
                longProperty(context, "jobservice.stats.stopped-ttl-seconds"),
                longProperty(context, "jobservice.stats.error-ttl-seconds")));
        JobQueue queue = new JobQueue(redis, keys, stats, new JobQueue.DeadSetLimits(
                longProperty(context, "jobservice.dead.max-age-seconds"),
                longProperty(context, "jobservice.dead.max-entries")));
        WorkerPoolStore pools = new WorkerPoolStore(redis, keys);
        ClusterJobTypes jobTypes = new ClusterJobTypes(pools, clock,
                longProperty(context, "jobservice.reaper.dead-after-seconds"),
                1000 * longProperty(context, "jobservice.requeue.forget-job-type-after-seconds"), registry::names);
        return new Stores(stats, queue, pools, new DueJobs(redis, keys), new PeriodicPolicyStore(redis, keys, stats),
                new HookEventStore(redis, keys), jobTypes, new JobSetStore(redis, keys, stats.ttls()));
    }

    private Workers workers(CamelContext context, Stores stores) {
        WorkerPool pool = new WorkerPool(config.workers(), clock.millis() / 1000);
        RunningJobs running = new RunningJobs();
        Heartbeater heartbeater = new Heartbeater(pool, stores.pools(), registry::names, clock,
                () -> running.stopAll(RunningJobs.StopReason.TAKEN_OVER, clock.millis()));
        ProducerTemplate producer = context.createProducerTemplate();
        Endpoint workerQueue = context.getEndpoint(context.resolvePropertyPlaceholders(WorkerRoutes.WORKER_QUEUE));
        JobDispatcher dispatcher = new JobDispatcher(pool, stores.queue(), this::priorities,
                job -> producer.sendBody(workerQueue, job), clock,
                longProperty(context, "jobservice.pool.max-idle-wait-ms"),
                config.maxJobDurationSeconds(), (int) longProperty(context, "jobservice.pool.dispatchers"),
                (int) longProperty(context, "jobservice.pool.reserved-workers"));
        JobLogs logs = new JobLogs(config.jobLoggers(), config.maxRetrieveSizeMb());
        warnAboutUnknownLevels();
        JobRunner runner = new JobRunner(stores.queue(), stores.stats(), registry, running, logs, clock);
        RunningJobWatcher watcher = new RunningJobWatcher(running, stores.stats(), clock,
                1000 * longProperty(context, "jobservice.pool.stop-grace-seconds"));
        DeadPoolReaper deadPoolReaper = new DeadPoolReaper(pool.poolId(), stores.pools(), stores.queue(), clock,
                longProperty(context, "jobservice.reaper.dead-after-seconds"));
        WorkerService service = new WorkerService(pool, dispatcher, stores.queue(), heartbeater, registry::names,
                Duration.ofSeconds(longProperty(context, "jobservice.pool.shutdown-timeout-seconds")));
        return new Workers(pool, dispatcher, runner, logs, heartbeater, watcher, deadPoolReaper,
                reconciler(context, stores, pool, dispatcher), service);
    }

    private InProgressReconciler reconciler(CamelContext context, Stores stores, WorkerPool pool,
                                            JobDispatcher dispatcher) {
        long graceMs = 1000 * longProperty(context, "jobservice.pool.reconcile-grace-seconds");
        long commandTimeoutMs = longProperty(context, "jobservice.redis.command-timeout-ms");
        if (graceMs <= commandTimeoutMs) {
            // a fetch's reply can arrive up to the command time-out late; a shorter grace would requeue jobs that run
            throw new IllegalArgumentException("jobservice.pool.reconcile-grace-seconds (" + graceMs / 1000
                    + " s) must be longer than jobservice.redis.command-timeout-ms (" + commandTimeoutMs + " ms)");
        }
        return new InProgressReconciler(pool, stores.queue(), () -> {
            Set<String> names = new TreeSet<>(stores.pools().knownJobs());
            names.addAll(registry.names());
            return names;
        }, dispatcher, clock, graceMs);
    }

    private Scheduling scheduling(CamelContext context, Stores stores, JobDispatcher dispatcher) {
        return new Scheduling(new Requeuer(stores.dueJobs(), clock, stores.jobTypes()::recentlyLive, dispatcher::wake),
                new ScheduledJobTimer(stores.dueJobs(), clock, stores.jobTypes()::recentlyLive, dispatcher::wake,
                        longProperty(context, "jobservice.scheduled.max-sleep-ms")),
                new PeriodicScheduler(context, stores.policies(), stores.stats(), clock, dispatcher::wake));
    }

    private Hooks hooks(CamelContext context, Stores stores) {
        long lease = longProperty(context, "jobservice.hooks.lock-lease-ms");
        HookDelivery delivery = new HookDelivery(stores.hookEvents(), clock,
                longProperty(context, "jobservice.hooks.park-first-delay-ms"),
                longProperty(context, "jobservice.hooks.park-max-delay-ms"), lease,
                new HookDelivery.ReceiverLimits((int) longProperty(context, "jobservice.hooks.per-receiver-concurrency"),
                        (int) longProperty(context, "jobservice.hooks.unproven-concurrency"),
                        longProperty(context, "jobservice.hooks.busy-wait-ms")));
        ProducerTemplate producer = context.createProducerTemplate();
        Endpoint hookQueue = context.getEndpoint(context.resolvePropertyPlaceholders(HookRoutes.HOOK_QUEUE));
        HookSweeper sweeper = new HookSweeper(stores.hookEvents(), jobId -> producer.sendBody(hookQueue, jobId), clock,
                longProperty(context, "jobservice.hooks.sweep-period-ms"), lease);
        return new Hooks(delivery, sweeper);
    }

    /** The beans the YAML housekeeping routes call, by the names those routes use. */
    private void bindHousekeepingBeans(CamelContext context, Stores stores, Workers workers, Scheduling scheduling) {
        List<LoggerConfig> allLoggers = new ArrayList<>(config.jobLoggers());
        allLoggers.addAll(config.loggers());
        context.getRegistry().bind("heartbeater", workers.heartbeater());
        context.getRegistry().bind("requeuer", scheduling.requeuer());
        context.getRegistry().bind("periodicScheduler", scheduling.periodic());
        context.getRegistry().bind("runningJobWatcher", workers.watcher());
        context.getRegistry().bind("jobLogSweeper", new JobLogSweeper(JobLogSweeper.targetsOf(allLoggers), clock));
        context.getRegistry().bind("deadPoolReaper", workers.deadPoolReaper());
        context.getRegistry().bind("inProgressReconciler", workers.reconciler());
        context.getRegistry().bind("statusReaper", new StatusReaper(stores.stats(), clock, config.maxUpdateHours() * 3600L));
        context.getRegistry().bind("workerPool", workers.pool());
        context.getRegistry().bind("jobRegistry", registry);
        bindHttpJobBeans(context);
    }

    /** The beans of the notification job routes (WEBHOOK, SLACK). */
    private void bindHttpJobBeans(CamelContext context) {
        Map<String, String> proxies = new LinkedHashMap<>();
        for (String name : List.of("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY")) {
            String key = "jobservice.http-jobs." + name.toLowerCase(Locale.ROOT).replace('_', '-');
            proxies.put(name, property(context, key));
        }
        EnvironmentProxySelector proxySelector = EnvironmentProxySelector.of(proxies, System.getenv());
        context.getRegistry().bind(HttpJobSupport.PROXY_CONFIGURER, HttpJobSupport.proxyConfigurer(proxySelector));
        context.getRegistry().bind(HttpJobSupport.TRUST_ALL, HttpJobSupport.trustAll());
        context.getRegistry().bind(HttpJobSupport.NO_HOSTNAME_CHECK, NoopHostnameVerifier.INSTANCE);
        context.getRegistry().bind(HttpJobSupport.BEAN, new HttpJobSupport());
    }

    /** The API's HTTP server, whose router the platform-http routes of the REST table are added to. */
    private ApiServer apiServer(CamelContext context, SecretAuthenticator authenticator, Vertx vertx,
                                TlsMaterial tls) {
        long maxBodyBytes = longProperty(context, "jobservice.http.max-body-bytes");
        return new ApiServer(context, vertx, new ApiServer.Settings(property(context, "jobservice.http.host"),
                config.port(), maxBodyBytes,
                Duration.ofSeconds(longProperty(context, "jobservice.http.header-read-timeout-seconds")),
                Duration.ofSeconds(longProperty(context, "jobservice.http.keep-alive-idle-seconds")),
                (int) longProperty(context, "jobservice.http.max-connections"),
                (int) longProperty(context, "jobservice.http.event-loops")),
                new ApiFallbackHandler(authenticator, maxBodyBytes), tls::configureServer);
    }

    /** The certificates of config.yml and Harbor's environment, and the CA folders Harbor mounts. */
    private TlsMaterial tlsMaterial(CamelContext context, Vertx vertx) {
        HarborConfig.Tls tls = config.tls();
        try {
            return TlsMaterial.load(vertx, new TlsMaterial.Settings(path(tls.certFile()), path(tls.keyFile()),
                    tls.verifyClientCert(), path(tls.clientCertFile()), path(tls.clientKeyFile()),
                    tls.trustCaFile() == null ? List.of() : List.of(Path.of(tls.trustCaFile())),
                    path(property(context, "jobservice.tls.custom-ca-dir")),
                    path(property(context, "jobservice.tls.internal-ca-dir"))));
        } catch (IllegalArgumentException e) {
            vertx.close();
            throw new ConfigException("tls", e.getMessage());
        }
    }

    private static Path path(String text) {
        return text == null || text.isBlank() ? null : Path.of(text);
    }

    private void tieToLifecycle(CamelContext context, Background background, RedisConnector redis,
                                EmbeddedRedis embedded) throws Exception {
        long stopRoutesTimeoutSeconds = longProperty(context, "jobservice.stop.routes-timeout-seconds");
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            {
                // only the context's start and stop matter here: a notifier that takes exchange events makes
                // Camel build and send several events for every exchange (every request, job and hook)
                setIgnoreExchangeEvents(true);
                setIgnoreRouteEvents(true);
                setIgnoreServiceEvents(true);
                setIgnoreStepEvents(true);
            }

            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStartedEvent) {
                    background.workers().start();
                    background.timer().start();
                    background.hookSweeper().start();
                    background.periodicScheduler().runOnce();
                    background.routesWatcher().start();
                    background.monitoring().start();
                } else if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    background.monitoring().stop();
                    background.routesWatcher().stop();
                    background.timer().stop();
                    background.hookSweeper().stop();
                    // before the routes stop, so running jobs can finish and the rest is requeued
                    background.workers().stop();
                    // what still runs is requeued: the routes need not wait for it as long as for a route edit, so
                    // the whole stop fits in Docker's 10 s
                    context.getShutdownStrategy().setTimeout(stopRoutesTimeoutSeconds);
                }
            }
        });
        // services stop after the routes: close Redis last
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                redis.close();
                if (embedded != null) {
                    embedded.close();
                }
            }
        }, true, true);
    }

    private void warnAboutUnknownLevels() {
        List<LoggerConfig> all = new ArrayList<>(config.jobLoggers());
        all.addAll(config.loggers());
        for (LoggerConfig logger : all) {
            if (LogLevel.known(logger.level()) == null) {
                LOG.warn("Configuration: logger {} has unknown level '{}'; WARNING is used, as in Harbor",
                        logger.name(), logger.level());
            }
        }
    }

    private EmbeddedRedis startEmbeddedRedis(CamelContext context) throws IOException {
        if (!config.redisUrl().embedded()) {
            return null;
        }
        Path dir = Path.of(property(context, "jobservice.embedded-redis.dir"));
        int port = (int) longProperty(context, "jobservice.embedded-redis.port");
        return EmbeddedRedis.start(dir, port);
    }

    private Map<String, Integer> maxConcurrencies() {
        Map<String, Integer> result = new TreeMap<>();
        for (String name : registry.names()) {
            result.put(name, registry.get(name).maxConcurrency());
        }
        return result;
    }

    private Map<String, Integer> priorities() {
        Map<String, Integer> result = new LinkedHashMap<>();
        for (String name : registry.names()) {
            Job job = registry.get(name);
            if (job != null) {
                result.put(name, job.priority());
            }
        }
        // queues of removed route job types are still fetched from, so their jobs end in Error instead of waiting
        for (String removed : registry.removedNames(clock.millis(), JobRegistry.REPLACEMENT_GRACE_MS)) {
            result.put(removed, 1);
        }
        return result;
    }

    private Map<String, Object> redisPoolConfig(RedisUrl url) {
        Map<String, Object> pool = new LinkedHashMap<>();
        // Go field names, as Harbor's struct has no JSON tags (contract 1.3)
        pool.put("RedisURL", url.text());
        pool.put("Namespace", config.namespace());
        pool.put("IdleTimeoutSecond", config.idleTimeoutSecond());
        return pool;
    }

    /** A property's value, trimmed. */
    static String property(CamelContext context, String key) {
        return context.resolvePropertyPlaceholders("{{" + key + "}}").trim();
    }

    static long longProperty(CamelContext context, String key) {
        return Long.parseLong(property(context, key));
    }
}
