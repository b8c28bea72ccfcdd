package io.jobservice.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.jobservice.hook.HookDelivery;
import io.jobservice.worker.AttemptListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What this node did: attempts per job type and result, with their durations ({@code <ns>_<sub>_task_total} and
 * {@code <ns>_<sub>_task_process_time_seconds}, a summary with Harbor's quantiles 0.5, 0.9 and 0.99), and hook
 * deliveries. The same counts back the JMX attributes.
 */
public final class TaskStats implements AttemptListener, HookDelivery.Listener {

    private record Meters(Counter counter, Timer timer) {
    }

    private final MeterRegistry registry;
    private final MetricNames names;
    private final Map<String, Meters> meters = new ConcurrentHashMap<>();
    private final Counter hooksDelivered;
    private final Counter hooksGivenUp;

    public TaskStats(MeterRegistry registry, MetricNames names) {
        this.registry = registry;
        this.names = names;
        this.hooksDelivered = Counter.builder(MetricNames.dotted(names.service("hook_delivered")))
                .description("hook events delivered (HTTP 200) by this node").register(registry);
        this.hooksGivenUp = Counter.builder(MetricNames.dotted(names.service("hook_failed")))
                .description("hook deliveries given up after the route's redeliveries; the events wait and are retried")
                .register(registry);
    }

    @Override
    public void attemptEnded(String jobName, Result result, long durationMs) {
        Meters m = meters.computeIfAbsent(jobName + '\n' + result.label(), key -> register(jobName, result));
        m.counter().increment();
        m.timer().record(durationMs, TimeUnit.MILLISECONDS);
    }

    private Meters register(String jobName, Result result) {
        Counter counter = Counter.builder(MetricNames.dotted(names.service("task")))
                .description("attempts finished on this node").tag("type", jobName).tag("status", result.label())
                .register(registry);
        Timer timer = Timer.builder(MetricNames.dotted(names.service("task_process_time")))
                .description("how long attempts took on this node").tag("type", jobName).tag("status", result.label())
                .publishPercentiles(0.5, 0.9, 0.99).register(registry);
        return new Meters(counter, timer);
    }

    /** Attempts of the type that ended with the result on this node since start. */
    public long count(String jobName, Result result) {
        Meters m = meters.get(jobName + '\n' + result.label());
        return m == null ? 0 : (long) m.counter().count();
    }

    @Override
    public void delivered() {
        hooksDelivered.increment();
    }

    @Override
    public void parked() {
        hooksGivenUp.increment();
    }

    public long hooksDelivered() {
        return (long) hooksDelivered.count();
    }

    public long hooksFailed() {
        return (long) hooksGivenUp.count();
    }
}
