package io.jobservice.scheduling;

import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.jobservice.support.RoutesFiles;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code periodic-policy} template of routes/periodic.camel.yaml, made into a route as PeriodicScheduler makes
 * one per policy: its Quartz trigger fires on the policy's cron in its time zone and asks the scheduler bean to
 * create the execution of that policy for that fire time.
 */
class PeriodicPolicyRouteTest extends CamelTestSupport {

    final RecordingScheduler scheduler = new RecordingScheduler();

    /** Stands in for PeriodicScheduler: records what each fire asks for. */
    public static final class RecordingScheduler {
        final List<String> policyIds = new CopyOnWriteArrayList<>();
        final List<Date> fireTimes = new CopyOnWriteArrayList<>();

        public void fire(String policyId, Date scheduledFireTime) {
            policyIds.add(policyId);
            fireTimes.add(scheduledFireTime);
        }
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("periodicScheduler", scheduler);
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() throws Exception {
        return RoutesFiles.load(context, "periodic.camel.yaml");
    }

    @Test
    void should_ask_the_scheduler_for_the_policys_execution_at_each_fire_time() throws Exception {
        NotifyBuilder fired = new NotifyBuilder(context).fromRoute("periodic-p1").whenDone(1).create();
        long before = System.currentTimeMillis();

        // as PeriodicScheduler passes a policy's cron: Quartz fields joined by '+', '?' escaped
        TemplatedRouteBuilder.builder(context, "periodic-policy").routeId("periodic-p1")
                .parameter("policyId", "p1")
                .parameter("cron", "0/1+*+*+*+*+%3F")
                .parameter("timeZone", "Asia/Tokyo")
                .add();

        assertThat(fired.matches(3, TimeUnit.SECONDS)).as("fires every second").isTrue();
        assertThat(scheduler.policyIds).first().isEqualTo("p1");
        assertThat(scheduler.fireTimes).first().satisfies(fireTime -> {
            assertThat(fireTime.getTime()).as("the trigger's own fire time, on the second").isGreaterThan(before - 1000)
                    .matches(ms -> ms % 1000 == 0);
        });
        QuartzEndpoint trigger = (QuartzEndpoint) context.getRoute("periodic-p1").getEndpoint();
        assertThat(trigger.getCron()).isEqualTo("0/1 * * * * ?");
        assertThat(trigger.getTriggerParameters()).containsEntry("timeZone", "Asia/Tokyo");
    }
}
