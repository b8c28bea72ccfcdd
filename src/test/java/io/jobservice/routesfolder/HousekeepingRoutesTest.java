package io.jobservice.routesfolder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.jobservice.support.RoutesFiles;
import io.jobservice.support.ServiceRouteTestSupport;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.component.timer.TimerEndpoint;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/housekeeping.camel.yaml as the service loads it, with its placeholders from application.properties: each
 * route calls its own bean's {@code runOnce} when its trigger fires, and the triggers are the configured ones.
 */
class HousekeepingRoutesTest extends ServiceRouteTestSupport {

    /** Route id to the name of the bean it calls, as bound by ServiceWiring. */
    static final Map<String, String> BEANS = Map.of(
            "housekeeping-heartbeat", "heartbeater",
            "housekeeping-requeue", "requeuer",
            "housekeeping-periodic-sync", "periodicScheduler",
            "housekeeping-watch-running", "runningJobWatcher",
            "housekeeping-reap-dead-pools", "deadPoolReaper",
            "housekeeping-reconcile-in-progress", "inProgressReconciler",
            "housekeeping-reap-status", "statusReaper",
            "housekeeping-sweep-logs", "jobLogSweeper");

    final Map<String, CountingBean> beans = new LinkedHashMap<>();

    /** Stands in for a housekeeping bean: counts the calls of the one method the routes call. */
    public static final class CountingBean {
        final AtomicInteger runs = new AtomicInteger();

        public void runOnce() {
            runs.incrementAndGet();
        }
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        BEANS.values().forEach(name -> registry.bind(name, beans.computeIfAbsent(name, n -> new CountingBean())));
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() throws Exception {
        return RoutesFiles.load(context, "housekeeping.camel.yaml");
    }

    Map<String, Integer> runs() {
        Map<String, Integer> runs = new LinkedHashMap<>();
        beans.forEach((name, bean) -> runs.put(name, bean.runs.get()));
        return runs;
    }

    @Test
    void should_call_the_runOnce_of_its_own_bean_each_time_a_trigger_fires() throws Exception {
        assertThat(context.getRouteDefinitions()).extracting(route -> route.getRouteId())
                .containsExactlyInAnyOrderElementsOf(BEANS.keySet());
        for (String routeId : BEANS.keySet()) {
            AdviceWith.adviceWith(context, routeId, route -> route.replaceFromWith("direct:" + routeId));
        }
        context.start();

        for (Map.Entry<String, String> route : BEANS.entrySet()) {
            Map<String, Integer> before = runs();
            template.sendBody("direct:" + route.getKey(), null);
            template.sendBody("direct:" + route.getKey(), null);

            Map<String, Integer> expected = new LinkedHashMap<>(before);
            expected.merge(route.getValue(), 2, Integer::sum);
            assertThat(runs()).as(route.getKey()).isEqualTo(expected);
        }
    }

    @Test
    void should_fire_on_the_configured_schedules() throws Exception {
        NotifyBuilder heartbeatAtStart = new NotifyBuilder(context).fromRoute("housekeeping-heartbeat").whenDone(1)
                .create();
        NotifyBuilder sweepAtStart = new NotifyBuilder(context).fromRoute("housekeeping-sweep-logs").whenDone(1)
                .create();
        NotifyBuilder requeueTwice = new NotifyBuilder(context).fromRoute("housekeeping-requeue").whenDone(2)
                .create();
        NotifyBuilder watchTwice = new NotifyBuilder(context).fromRoute("housekeeping-watch-running").whenDone(2)
                .create();

        context.start();

        assertThat(heartbeatAtStart.matches(2, TimeUnit.SECONDS)).as("heartbeat at start").isTrue();
        assertThat(sweepAtStart.matches(2, TimeUnit.SECONDS)).as("log sweep at start").isTrue();
        assertThat(watchTwice.matches(3, TimeUnit.SECONDS)).as("running jobs watched every 500 ms").isTrue();
        assertThat(requeueTwice.matches(3, TimeUnit.SECONDS)).as("requeue every second").isTrue();
        assertThat(beans.get("heartbeater").runs).hasPositiveValue();
        assertThat(beans.get("requeuer").runs.get()).isGreaterThanOrEqualTo(2);
        // the slow triggers, read from their endpoints rather than waited for
        assertThat(timer("housekeeping-heartbeat").getPeriod()).isEqualTo(5000);
        assertThat(timer("housekeeping-reconcile-in-progress").getPeriod()).isEqualTo(2000);
        assertThat(quartz("housekeeping-periodic-sync").getCron()).isEqualTo("0/2 * * * * ?");
        assertThat(quartz("housekeeping-reap-dead-pools").getCron()).isEqualTo("0/5 * * * * ?");
        assertThat(quartz("housekeeping-reap-status").getCron()).as("hourly").isEqualTo("0 7 * * * ?");
        assertThat(quartz("housekeeping-sweep-logs").getTriggerParameters())
                .containsEntry("repeatInterval", "3600000").containsEntry("repeatCount", "-1");
    }

    TimerEndpoint timer(String routeId) {
        return (TimerEndpoint) context.getRoute(routeId).getEndpoint();
    }

    QuartzEndpoint quartz(String routeId) {
        return (QuartzEndpoint) context.getRoute(routeId).getEndpoint();
    }
}
