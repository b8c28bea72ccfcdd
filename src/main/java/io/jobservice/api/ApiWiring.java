package io.jobservice.api;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import io.jobservice.admin.AdminService;
import io.jobservice.config.HarborConfig;
import io.jobservice.config.RedisUrl;
import io.jobservice.health.HealthEndpoint;
import io.jobservice.job.JobRegistry;
import io.jobservice.job.JobRequestValidator;
import io.jobservice.logs.JobLogs;
import io.jobservice.metrics.ClusterStatsCache;
import io.jobservice.queue.ClusterJobTypes;
import io.jobservice.queue.DueJobs;
import io.jobservice.queue.HookEventStore;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.JobSetStore;
import io.jobservice.queue.JobStatsStore;
import io.jobservice.queue.PeriodicPolicyStore;
import io.jobservice.queue.WorkerPoolStore;
import io.jobservice.scheduling.CronSpec;
import io.jobservice.scheduling.PeriodicScheduler;
import io.jobservice.scheduling.ScheduledJobTimer;
import io.jobservice.tls.TlsMaterial;
import io.jobservice.worker.JobDispatcher;
import io.vertx.core.Vertx;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.apache.camel.support.CamelContextHelper.parseBoolean;
import static org.apache.camel.support.CamelContextHelper.parseLong;
import static org.apache.camel.support.CamelContextHelper.parseText;

/**
 * Binds the operator actions and adds the API: its routes, the controller behind them, and the HTTP server whose
 * router the platform-http routes are added to (started as a service, so it stops before Redis closes).
 */
public final class ApiWiring implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ApiWiring.class);

    private final String coreSecret;
    private final Vertx vertx;

    /** @param coreSecret the secret API callers must present, or null */
    public ApiWiring(String coreSecret, Vertx vertx) {
        this.coreSecret = coreSecret;
        this.vertx = vertx;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry beans = context.getRegistry();
        SecretAuthenticator authenticator = new SecretAuthenticator(coreSecret);
        if (!authenticator.hasSecret()) {
            LOG.warn("CORE_SECRET is not set: every API call except GET /api/v1/stats is refused with 401");
        }
        // the API routes that wait on Redis run here, off the event loops (the submit does not wait)
        ExecutorService apiWorkers = context.getExecutorServiceManager().newFixedThreadPool(this, "api-worker",
                parseLong(context, "{{jobservice.http.workers}}").intValue());
        AdminService admin = adminService(beans);
        beans.bind("adminService", admin);
        context.addRoutes(new ApiRoutes(controller(beans, admin, apiWorkers), dashboard(beans, admin), authenticator,
                new HealthEndpoint(context), apiWorkers));
        DashboardHandler dashboard = new DashboardHandler(parseBoolean(context, "{{jobservice.dashboard.enabled}}"));
        context.addService(apiServer(context, authenticator).mount(dashboard::install), true, true);
    }

    private static AdminService adminService(Registry beans) {
        JobRegistry jobTypes = beans.mandatoryFindSingleByType(JobRegistry.class);
        return new AdminService(new AdminService.Stores(beans.mandatoryFindSingleByType(JobStatsStore.class),
                beans.mandatoryFindSingleByType(PeriodicPolicyStore.class),
                beans.mandatoryFindSingleByType(JobQueue.class),
                beans.mandatoryFindSingleByType(WorkerPoolStore.class),
                beans.mandatoryFindSingleByType(JobSetStore.class)),
                new AdminService.Listeners(beans.mandatoryFindSingleByType(JobDispatcher.class)::wake,
                        beans.mandatoryFindSingleByType(PeriodicScheduler.class)::runOnce),
                jobTypes::names, beans.mandatoryFindSingleByType(Clock.class));
    }

    private static DashboardController dashboard(Registry beans, AdminService admin) {
        return new DashboardController(beans.mandatoryFindSingleByType(ClusterStatsCache.class),
                new DashboardController.Stores(beans.mandatoryFindSingleByType(JobStatsStore.class),
                        beans.mandatoryFindSingleByType(WorkerPoolStore.class),
                        beans.mandatoryFindSingleByType(PeriodicPolicyStore.class),
                        beans.mandatoryFindSingleByType(HookEventStore.class)),
                admin, beans.mandatoryFindSingleByType(JobRegistry.class), beans.mandatoryFindSingleByType(Clock.class));
    }

    private static JobController controller(Registry beans, AdminService admin, ExecutorService apiWorkers) {
        JobRegistry jobTypes = beans.mandatoryFindSingleByType(JobRegistry.class);
        Clock clock = beans.mandatoryFindSingleByType(Clock.class);
        ClusterJobTypes liveTypes = beans.mandatoryFindSingleByType(ClusterJobTypes.class);
        JobRequestValidator validator = new JobRequestValidator(jobTypes, CronSpec::problemWith, clock,
                name -> liveTypes.live().contains(name));
        JobController.Stores stores = new JobController.Stores(beans.mandatoryFindSingleByType(JobQueue.class),
                beans.mandatoryFindSingleByType(JobStatsStore.class),
                beans.mandatoryFindSingleByType(WorkerPoolStore.class),
                beans.mandatoryFindSingleByType(PeriodicPolicyStore.class),
                beans.mandatoryFindSingleByType(DueJobs.class));
        JobController.Listeners listeners = new JobController.Listeners(
                beans.mandatoryFindSingleByType(JobDispatcher.class)::wake,
                beans.mandatoryFindSingleByType(ScheduledJobTimer.class)::scheduled,
                beans.mandatoryFindSingleByType(PeriodicScheduler.class)::runOnce);
        return new JobController(validator, stores, redisPoolConfig(beans), listeners, clock, jobTypes::names,
                apiWorkers, admin).withJobLogs(beans.mandatoryFindSingleByType(JobLogs.class));
    }

    /** GET /api/v1/config's pool part, in Go field names, as Harbor's struct has no JSON tags (contract 1.3). */
    private static Map<String, Object> redisPoolConfig(Registry beans) {
        HarborConfig config = beans.mandatoryFindSingleByType(HarborConfig.class);
        Map<String, Object> pool = new LinkedHashMap<>();
        pool.put("RedisURL", beans.mandatoryFindSingleByType(RedisUrl.class).text());
        pool.put("Namespace", config.namespace());
        pool.put("IdleTimeoutSecond", config.idleTimeoutSecond());
        return pool;
    }

    private ApiServer apiServer(CamelContext context, SecretAuthenticator authenticator) {
        long maxBodyBytes = parseLong(context, "{{jobservice.http.max-body-bytes}}");
        HarborConfig config = context.getRegistry().mandatoryFindSingleByType(HarborConfig.class);
        TlsMaterial tls = context.getRegistry().mandatoryFindSingleByType(TlsMaterial.class);
        return new ApiServer(context, vertx, new ApiServer.Settings(
                parseText(context, "{{jobservice.http.host}}").trim(), config.port(), maxBodyBytes,
                Duration.ofSeconds(parseLong(context, "{{jobservice.http.header-read-timeout-seconds}}")),
                Duration.ofSeconds(parseLong(context, "{{jobservice.http.keep-alive-idle-seconds}}")),
                parseLong(context, "{{jobservice.http.max-connections}}").intValue(),
                parseLong(context, "{{jobservice.http.event-loops}}").intValue()),
                new ApiFallbackHandler(authenticator, maxBodyBytes), tls::configureServer);
    }
}
