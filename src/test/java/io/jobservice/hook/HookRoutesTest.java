package io.jobservice.hook;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.jobservice.job.JobIds;
import io.jobservice.job.JobKind;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.jobservice.queue.HookEventStore;
import io.jobservice.queue.JobStatsStore;
import io.jobservice.queue.RedisKeys;
import io.jobservice.support.RedisServerExtension;
import io.jobservice.support.ServiceRouteTestSupport;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.seda.SedaEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hook-deliver route with a real {@link HookDelivery} on a real Redis, the receiver replaced by a mock: a job's
 * events go out in order and are acknowledged, a failed POST is redelivered, and what cannot be delivered is parked.
 */
class HookRoutesTest extends ServiceRouteTestSupport {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();
    static final String HOOK_URL = "http://receiver.test/hooks/job";
    static final int REDELIVERIES = 2;

    final RedisKeys keys = new RedisKeys(REDIS.namespace());
    final JobStatsStore stats = new JobStatsStore(REDIS.connector(), keys, JobStatsStore.Ttls.HARBOR);
    MockEndpoint receiver;
    NotifyBuilder oneDelivery;

    @Override
    protected Map<String, String> overriddenProperties() {
        return Map.of("jobservice.hooks.redeliveries", Integer.toString(REDELIVERIES),
                "jobservice.hooks.redelivery-delay-ms", "10");
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        // SEDA consumers wait a poll time-out (1 s) before their first poll and at stop; the test's own is shorter
        context.getEndpoint(context.resolvePropertyPlaceholders(HookRoutes.HOOK_QUEUE), SedaEndpoint.class)
                .setPollTimeout(50);
        return new HookRoutes(new HookDelivery(new HookEventStore(REDIS.connector(), keys), Clock.systemUTC(), 5000,
                300_000, 90_000, new HookDelivery.ReceiverLimits(10, 4, 250)));
    }

    @BeforeEach
    void replaceTheReceiverWithAMock() throws Exception {
        AdviceWith.adviceWith(context, "hook-deliver",
                route -> route.weaveByToUri("http://hook-receiver*").replace().to("mock:receiver"));
        context.start();
        receiver = getMockEndpoint("mock:receiver");
        oneDelivery = new NotifyBuilder(context).fromRoute("hook-deliver").whenDone(1).create();
    }

    /** A job with a hook URL whose status went to each of {@code statuses}, each queueing its hook event. */
    String jobWithEvents(JobStatus... statuses) {
        String id = JobIds.newId();
        long now = System.currentTimeMillis() / 1000;
        REDIS.commands().hset(keys.jobStats(id),
                JobStats.newJob(id, "DEMO", JobKind.GENERIC, JobStatus.PENDING, false, HOOK_URL, "{}", now).toHash());
        for (JobStatus status : statuses) {
            assertThat(stats.setStatus(id, status, now, now)).isEqualTo(JobStatsStore.WriteResult.OK);
        }
        return id;
    }

    @Test
    void should_post_the_jobs_events_in_order_to_its_hook_url_and_store_the_ack() throws Exception {
        String id = jobWithEvents(JobStatus.RUNNING, JobStatus.SUCCESS);
        receiver.expectedMessageCount(2);
        receiver.expectedHeaderReceived(Exchange.HTTP_URI, HOOK_URL);
        receiver.expectedHeaderReceived(Exchange.HTTP_METHOD, HttpMethods.POST);
        receiver.expectedHeaderReceived(Exchange.CONTENT_TYPE, "application/json");
        receiver.message(0).body(String.class).contains("\"status\":\"Running\"");
        receiver.message(1).body(String.class).contains("\"status\":\"Success\"");

        template.sendBody(HookRoutes.HOOK_QUEUE, id);

        receiver.assertIsSatisfied();
        assertThat(oneDelivery.matches(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stats.get(id).ack()).contains("\"status\":\"Success\"");
        assertThat(REDIS.commands().llen(keys.hookPending(id))).isZero();
    }

    @Test
    void should_redeliver_a_failed_post_and_store_the_ack_once_it_goes_through() throws Exception {
        String id = jobWithEvents(JobStatus.RUNNING);
        receiver.whenExchangeReceived(1, exchange -> {
            throw new IOException("Connection reset");
        });
        receiver.expectedMessageCount(2);

        template.sendBody(HookRoutes.HOOK_QUEUE, id);

        receiver.assertIsSatisfied();
        assertThat(oneDelivery.matches(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stats.get(id).ack()).contains("\"status\":\"Running\"");
        assertThat(REDIS.commands().hget(keys.hookAttempts(), id)).as("not parked").isNull();
    }

    @Test
    void should_park_the_events_when_the_redeliveries_run_out() throws Exception {
        String id = jobWithEvents(JobStatus.RUNNING);
        receiver.whenAnyExchangeReceived(exchange -> {
            throw new IOException("503 Service Unavailable");
        });
        long before = System.currentTimeMillis();

        template.sendBody(HookRoutes.HOOK_QUEUE, id);

        assertThat(oneDelivery.matches(5, TimeUnit.SECONDS)).isTrue();
        assertThat(receiver.getReceivedCounter()).as("the first attempt and its redeliveries").isEqualTo(1 + REDELIVERIES);
        assertParked(id, before);
    }

    @Test
    void should_park_at_once_without_redelivery_when_the_receiver_times_out() throws Exception {
        String id = jobWithEvents(JobStatus.RUNNING);
        receiver.whenAnyExchangeReceived(exchange -> {
            throw new SocketTimeoutException("Read timed out");
        });
        long before = System.currentTimeMillis();

        template.sendBody(HookRoutes.HOOK_QUEUE, id);

        assertThat(oneDelivery.matches(5, TimeUnit.SECONDS)).isTrue();
        assertThat(receiver.getReceivedCounter()).isEqualTo(1);
        assertParked(id, before);
    }

    void assertParked(String id, long before) {
        assertThat(REDIS.commands().hget(keys.hookAttempts(), id)).isEqualTo("1");
        assertThat(REDIS.commands().llen(keys.hookPending(id))).as("the event waits").isEqualTo(1);
        assertThat(REDIS.commands().zscore(keys.hookDue(), id)).as("due after the park delay")
                .isGreaterThan(before + 1000.0);
        assertThat(stats.get(id).ack()).isNull();
    }
}
