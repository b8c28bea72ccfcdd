package io.jobservice.hook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.jobservice.job.JobIds;
import io.jobservice.job.JobKind;
import io.jobservice.job.JobStats;
import io.jobservice.job.JobStatus;
import io.jobservice.json.Json;
import io.jobservice.queue.HookEventStore;
import io.jobservice.queue.JobQueue;
import io.jobservice.queue.JobStatsStore;
import io.jobservice.queue.QueuedJob;
import io.jobservice.support.RedisServerExtension;
import io.jobservice.support.SettableClock;
import io.jobservice.support.StoreFixture;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A receiver that stays down for half an hour, in well under a second: with the production back-off (5 s doubling
 * to 5 min) the sweeper claims the job's events only once the clock passes each parking's delay, the delays double
 * up to the cap, and once the receiver answers the event is delivered and its ACK stored.
 */
class HookBackoffTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();
    static final StoreFixture STORE = StoreFixture.on(REDIS);
    private static final long FIRST_DELAY_MS = 5_000;
    private static final long MAX_DELAY_MS = 300_000;
    private static final long LEASE_MS = 90_000;

    private final SettableClock clock = new SettableClock(Instant.ofEpochSecond(1_760_000_000L));
    private final CamelContext camel = new DefaultCamelContext();
    private JobStatsStore stats;
    private JobQueue queue;
    private HookDelivery delivery;
    private HookSweeper sweeper;
    private final List<String> handedOut = new ArrayList<>();

    @BeforeEach
    void setUp() {
        STORE.clear();
        stats = STORE.jobStats();
        queue = STORE.queue();
        HookEventStore events = new HookEventStore(STORE.connector(), STORE.keys());
        delivery = new HookDelivery(events, clock, FIRST_DELAY_MS, MAX_DELAY_MS, LEASE_MS,
                new HookDelivery.ReceiverLimits(10, 4, 100));
        sweeper = new HookSweeper(events, handedOut::add, clock, 100, LEASE_MS, camel.getExecutorServiceManager());
    }

    @AfterEach
    void tearDown() throws Exception {
        camel.close();
    }

    @Test
    void should_park_with_a_doubling_capped_back_off_by_the_clock_and_deliver_when_the_receiver_is_back()
            throws Exception {
        String id = runningJobWithAHook();
        List<Long> delays = new ArrayList<>();
        for (int attempt = 0; attempt < 9; attempt++) {
            assertThat(sweepOnce()).as("attempt %d is due", attempt).containsExactly(id);
            Exchange failed = prepared(id);
            assertThat(failed.getVariable(HookDelivery.URL, String.class)).isEqualTo("http://core/hook");
            long before = clock.millis();
            delivery.parked(failed);
            done(failed);
            long due = STORE.commands().zscore(STORE.keys().hookDue(), id).longValue();
            delays.add(due - before);
            clock.advance(Duration.ofMillis(due - before - 1));
            assertThat(sweepOnce()).as("parked until its delay is over").isEmpty();
            clock.advance(Duration.ofMillis(1));
        }
        // jitter: each delay is between half and all of its step; steps 5 s, 10 s, ..., then 5 min
        long step = FIRST_DELAY_MS;
        for (long delay : delays) {
            assertThat(delay).isBetween(step / 2, step);
            step = Math.min(MAX_DELAY_MS, step * 2);
        }
        assertThat(delays.get(delays.size() - 1)).isGreaterThanOrEqualTo(MAX_DELAY_MS / 2);

        assertThat(sweepOnce()).containsExactly(id);
        Exchange delivered = prepared(id);
        delivery.delivered(delivered);
        done(delivered);
        assertThat(stats.get(id).ack()).contains("\"status\":\"Running\"");
        clock.advance(Duration.ofMillis(MAX_DELAY_MS));
        assertThat(sweepOnce()).as("nothing left to send").isEmpty();
    }

    private List<String> sweepOnce() {
        handedOut.clear();
        sweeper.runOnce();
        return List.copyOf(handedOut);
    }

    private Exchange prepared(String jobId) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(jobId);
        delivery.prepare(exchange);
        return exchange;
    }

    /** What the route's unit of work does at its end: the receiver's share of deliveries is given back. */
    private static void done(Exchange exchange) {
        exchange.getExchangeExtension().handoverCompletions().forEach(completion -> completion.onComplete(exchange));
    }

    private String runningJobWithAHook() throws Exception {
        long now = clock.millis() / 1000;
        String id = JobIds.newId();
        assertThat(queue.enqueue(JobStats.newJob(id, "HOOKED", JobKind.GENERIC, JobStatus.PENDING, false,
                "http://core/hook", "{}", now), new QueuedJob("HOOKED", id, now, Json.read("{}"), false, 0, null, 0),
                0)).isTrue();
        assertThat(stats.setStatus(id, JobStatus.RUNNING, now, now)).isEqualTo(JobStatsStore.WriteResult.OK);
        return id;
    }
}
