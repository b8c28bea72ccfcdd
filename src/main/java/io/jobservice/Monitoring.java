package io.jobservice;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import io.jobservice.admin.AdminService;
import io.jobservice.health.HeartbeatHealthCheck;
import io.jobservice.health.HookBacklogHealthCheck;
import io.jobservice.health.RedisHealthCheck;
import io.jobservice.hook.HookDelivery;
import io.jobservice.jmx.JobServiceMBeans;
import io.jobservice.jmx.RemoteJmx;
import io.jobservice.jmx.WorkerPoolView;
import io.jobservice.job.JobRegistry;
import io.jobservice.metrics.ClusterMetrics;
import io.jobservice.metrics.ClusterStatsCache;
import io.jobservice.metrics.MetricNames;
import io.jobservice.metrics.PrometheusScrape;
import io.jobservice.metrics.TaskStats;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.RedisConnector;
import io.jobservice.scheduling.PeriodicScheduler;
import io.jobservice.tls.TlsMaterial;
import io.jobservice.worker.Heartbeater;
import io.jobservice.worker.JobRunner;
import io.jobservice.worker.WorkerPool;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.apache.camel.support.CamelContextHelper.parseLong;
import static org.apache.camel.support.CamelContextHelper.parseText;

/**
 * Wires what operators watch (issue 8): the job service's MBeans and optional remote JMX, our meters in the
 * Prometheus registry Camel's route and JVM metrics use, and the health checks behind the probes.
 */
final class Monitoring extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Monitoring.class);
    /** The name camel-micrometer looks its registry up by. */
    private static final String METER_REGISTRY = "metricsRegistry";

    /** The parts of the service monitoring reads. */
    record Parts(JobRegistry registry, JobQueue queue, WorkerPool pool, Heartbeater heartbeater, JobRunner runner,
                 HookDelivery hookDelivery, PeriodicScheduler periodic, RedisConnector redis,
                 AdminService admin, TlsMaterial tls) {
    }

    private final CamelContext context;
    private final Parts parts;
    private final Clock clock;
    private final ClusterStatsCache cache;
    private final JobServiceMBeans mbeans;
    private final JvmGcMetrics gcMetrics;
    private RemoteJmx remoteJmx;

    private Monitoring(CamelContext context, Parts parts, Clock clock, ClusterStatsCache cache, JobServiceMBeans mbeans,
                       JvmGcMetrics gcMetrics) {
        this.gcMetrics = gcMetrics;
        this.context = context;
        this.parts = parts;
        this.clock = clock;
        this.cache = cache;
        this.mbeans = mbeans;
    }

    /**
     * Creates the metrics registry and counters, and hooks them to the runner and the hook delivery; the MBeans,
     * health checks and remote JMX come when the returned service starts.
     */
    static Monitoring install(CamelContext context) {
        Registry beans = context.getRegistry();
        Parts parts = new Parts(beans.mandatoryFindSingleByType(JobRegistry.class),
                beans.mandatoryFindSingleByType(JobQueue.class), beans.mandatoryFindSingleByType(WorkerPool.class),
                beans.mandatoryFindSingleByType(Heartbeater.class), beans.mandatoryFindSingleByType(JobRunner.class),
                beans.mandatoryFindSingleByType(HookDelivery.class),
                beans.mandatoryFindSingleByType(PeriodicScheduler.class),
                beans.mandatoryFindSingleByType(RedisConnector.class),
                beans.mandatoryFindSingleByType(AdminService.class), beans.mandatoryFindSingleByType(TlsMaterial.class));
        Clock clock = beans.mandatoryFindSingleByType(Clock.class);
        MetricNames names = new MetricNames(parseText(context, "{{jobservice.metrics.namespace}}"),
                parseText(context, "{{jobservice.metrics.subsystem}}"));
        PrometheusMeterRegistry prometheus = meterRegistry(context);
        // the JVM's own numbers, as Go's default registry serves the runtime's (contract 12)
        JvmGcMetrics gc = new JvmGcMetrics();
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
            binder.bindTo(prometheus);
        }
        TaskStats tasks = new TaskStats(prometheus, names);
        parts.runner().withListener(tasks);
        parts.hookDelivery().withListener(tasks);
        ClusterStatsCache cache = beans.mandatoryFindSingleByType(ClusterStatsCache.class);
        ClusterMetrics.Node node = new ClusterMetrics.Node(parts.heartbeater().host(), parts.pool().poolId(),
                parts.pool().concurrency());
        prometheus.getPrometheusRegistry().register(new ClusterMetrics(names, node, cache, clock));
        JobServiceMBeans mbeans = new JobServiceMBeans(context.getName(), new JobServiceMBeans.Sources(
                new WorkerPoolView(parts.pool(), parts.heartbeater(), parts.registry()::names), parts.registry(),
                cache, tasks, parts.queue(), parts.periodic()::nextFireTimes, parts.admin()));
        parts.admin().onQueueChange(cache::invalidate);
        return new Monitoring(context, parts, clock, cache, mbeans, gc);
    }

    /**
     * Camel's Prometheus registry when the metric block turned Camel's metrics on (it is set up before this
     * configuration runs), else one of our own: the MBeans count through it either way.
     */
    private static PrometheusMeterRegistry meterRegistry(CamelContext context) {
        PrometheusMeterRegistry camels = context.getRegistry().lookupByNameAndType(METER_REGISTRY,
                PrometheusMeterRegistry.class);
        if (camels != null) {
            return camels;
        }
        PrometheusMeterRegistry ours = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        context.getRegistry().bind(METER_REGISTRY, ours);
        return ours;
    }

    /** Registers the MBeans and health checks, and opens remote JMX when a port is set. */
    @Override
    protected void doStart() {
        mbeans.start();
        registerHealthChecks();
        if (Boolean.parseBoolean(parseText(context, "{{camel.management.metrics-enabled:false}}"))) {
            PrometheusScrape.install(VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter
                    .getRouterNameFromPort(parseLong(context, "{{camel.management.port}}").intValue())),
                    parseText(context, "{{camel.metrics.path}}"), meterRegistry(context));
        }
        int port = parseLong(context, "{{jobservice.jmx.port}}").intValue();
        if (port > 0) {
            try {
                remoteJmx = RemoteJmx.start(remoteJmxSettings(port));
            } catch (IOException | IllegalArgumentException e) {
                LOG.error("Remote JMX is not opened on port {}: {}", port, e.getMessage());
            }
        }
    }

    private RemoteJmx.Settings remoteJmxSettings(int port) {
        boolean ssl = Boolean.parseBoolean(parseText(context, "{{jobservice.jmx.ssl}}"));
        if (ssl && !parts.tls().https()) {
            throw new IllegalArgumentException("jobservice.jmx.ssl needs the API's certificate (https_config or"
                    + " internal TLS)");
        }
        return new RemoteJmx.Settings(parseText(context, "{{jobservice.jmx.host}}"), port,
                optionalPath(parseText(context, "{{jobservice.jmx.password-file}}")),
                optionalPath(parseText(context, "{{jobservice.jmx.access-file}}")),
                ssl ? parts.tls().serverContext() : null,
                Boolean.parseBoolean(parseText(context, "{{jobservice.jmx.allow-unauthenticated}}")));
    }

    private static Path optionalPath(String text) {
        return text.isEmpty() ? null : Path.of(text);
    }

    @Override
    protected void doStop() {
        mbeans.stop();
        gcMetrics.close();
        if (remoteJmx != null) {
            try {
                remoteJmx.close();
            } catch (IOException e) {
                LOG.warn("Closing remote JMX: {}", e.getMessage());
            }
        }
    }

    private void registerHealthChecks() {
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health == null) {
            LOG.warn("Camel health checks are off (camel.health.enabled=false): the probes report only UP");
            return;
        }
        long heartbeatPeriodMs = parseLong(context, "{{jobservice.pool.heartbeat-period-ms}}");
        long deadAfterMs = 1000 * parseLong(context, "{{jobservice.reaper.dead-after-seconds}}");
        health.register(new RedisHealthCheck(parts.redis()));
        health.register(HeartbeatHealthCheck.written(parts.heartbeater()::lastWrittenAtMs, deadAfterMs, clock));
        health.register(HeartbeatHealthCheck.tried(parts.heartbeater()::lastTriedAtMs, heartbeatPeriodMs, clock));
        health.register(new HookBacklogHealthCheck(cache,
                parseLong(context, "{{jobservice.health.hook-backlog-max}}")));
    }
}
