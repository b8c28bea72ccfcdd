package io.jobservice.metrics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.jobservice.queue.JobQueue;
import io.jobservice.queue.RedisAccessException;
import io.jobservice.queue.RedisConnector;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics read from Redis at scrape time, under harbor-exporter's names (contract 12), plus the service's info
 * line: {@code <ns>_<sub>_info{node,pool,workers}}, {@code <ns>_task_queue_size{type}},
 * {@code <ns>_task_queue_latency{type}} (seconds since the oldest waiting job was queued),
 * {@code <ns>_task_concurrency{type,pool}}, {@code <ns>_task_scheduled_total}, and the hook backlog. One scrape
 * costs at most one pipelined Redis round trip ({@link ClusterStatsCache}); while Redis is unreachable only the info
 * line is served.
 */
public final class ClusterMetrics implements MultiCollector {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMetrics.class);

    /** What identifies this node in the info line. */
    public record Node(String node, String pool, int workers) {
    }

    private final MetricNames names;
    private final Node node;
    private final ClusterStatsCache cache;
    private final Clock clock;

    public ClusterMetrics(MetricNames names, Node node, ClusterStatsCache cache, Clock clock) {
        this.names = names;
        this.node = node;
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> snapshots = new ArrayList<>();
        // an info metric's name is given without its _info suffix
        snapshots.add(InfoSnapshot.builder().name(names.service("")).help("node ID, worker pool ID and worker count")
                .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of("node", node.node(), "pool",
                        node.pool(), "workers", Integer.toString(node.workers()))).build()).build());
        JobQueue.ClusterStats stats;
        try {
            stats = cache.get();
        } catch (RedisAccessException e) {
            LOG.debug("Queue metrics left out of this scrape: {}", RedisConnector.rootMessage(e));
            return new MetricSnapshots(snapshots);
        }
        long now = clock.millis() / 1000;
        GaugeSnapshot.Builder size = GaugeSnapshot.builder().name(names.exporter("task_queue_size"))
                .help("jobs waiting in the queue of each job type");
        GaugeSnapshot.Builder latency = GaugeSnapshot.builder().name(names.exporter("task_queue_latency"))
                .help("seconds since the job waiting longest in each queue was queued");
        GaugeSnapshot.Builder concurrency = GaugeSnapshot.builder().name(names.exporter("task_concurrency"))
                .help("running jobs of each job type on each worker pool");
        for (JobQueue.QueueInfo queue : stats.queues()) {
            Labels type = Labels.of("type", queue.jobName());
            size.dataPoint(gauge(type, queue.size()));
            latency.dataPoint(gauge(type, queue.latencySeconds(now)));
            // this node's pool at 0 when it runs none of the type, as Harbor reports a lock_info field left at 0
            Map<String, Long> byPool = new TreeMap<>(queue.runningByPool());
            byPool.putIfAbsent(node.pool(), 0L);
            byPool.forEach((pool, running) ->
                    concurrency.dataPoint(gauge(Labels.of("type", queue.jobName(), "pool", pool), running)));
        }
        snapshots.add(size.build());
        snapshots.add(latency.build());
        snapshots.add(concurrency.build());
        // harbor-exporter's name ends in _total; a counter is the type the Prometheus client allows that suffix on
        snapshots.add(CounterSnapshot.builder().name(names.exporter("task_scheduled"))
                .help("jobs waiting in the scheduled set")
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(stats.scheduled()).build()).build());
        snapshots.add(GaugeSnapshot.builder().name(names.service("hook_waiting"))
                .help("jobs with hook events not yet delivered").dataPoint(gauge(Labels.EMPTY, stats.hooksWaiting()))
                .build());
        snapshots.add(GaugeSnapshot.builder().name(names.service("hook_parked"))
                .help("jobs whose hook delivery failed and waits for its back-off")
                .dataPoint(gauge(Labels.EMPTY, stats.hooksParked())).build());
        return new MetricSnapshots(snapshots);
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot gauge(Labels labels, double value) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
