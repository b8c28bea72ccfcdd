package io.jobservice.hook;

import java.time.Clock;

import io.jobservice.job.JobStats;
import io.jobservice.queue.HookEventStore;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the {@code hook-deliver} route for one job: take its oldest pending event (dropping outdated ones
 * and, once the stats expired, all of them), POST it, and on HTTP 200 store the ACK; when the route's redeliveries
 * run out, park the job's events with a capped, growing back-off. Every path ends the sweeper's claim on the job:
 * due again at once (events left), parked, or forgotten (none left).
 */
public final class HookDelivery {

    /** Exchange variables; nothing internal travels in headers, so nothing leaks to the receiver. */
    static final String JOB_ID = "hook.jobId";
    static final String EVENT_JSON = "hook.event";
    static final String EVENT = "hook.parsed";
    static final String URL = "hook.url";
    static final String SENT = "hook.sent";
    static final String TIMED_OUT = "hook.timedOut";
    /** A job's events go out back to back under one lock up to this many; then other jobs get a turn. */
    private static final int MAX_EVENTS_PER_TURN = 100;

    private static final Logger LOG = LoggerFactory.getLogger(HookDelivery.class);

    private final HookEventStore events;
    private final ReceiverGate gate;
    private final Clock clock;
    private final long parkBaseMs;
    private final long parkMaxMs;
    private final long leaseMs;
    private volatile Listener listener = new Listener() {
    };

    /** Told of each delivered event and each delivery given up for now (its events parked); for monitoring. */
    public interface Listener {
        default void delivered() {
        }

        default void parked() {
        }
    }

    /**
     * How many deliveries receivers may take at once, and how long a job waits when its receiver's share is taken.
     *
     * @param perReceiver   deliveries at once to one receiver that answers in time
     * @param unprovenTotal deliveries at once, in all, to receivers whose last delivery timed out or not tried yet
     *                      (one each)
     * @param busyWaitMs    how long a job waits when its receiver's share is taken
     */
    public record ReceiverLimits(int perReceiver, int unprovenTotal, long busyWaitMs) {
    }

    /**
     * @param leaseMs how long the sweeper's claim on a job lasts; renewed while its events go out back to back
     * @param limits  what receivers may take of the deliveries; a receiver that timed out rests for the park back-off
     */
    public HookDelivery(HookEventStore events, Clock clock, long parkBaseMs, long parkMaxMs,
                        long leaseMs, ReceiverLimits limits) {
        this.leaseMs = leaseMs;
        this.events = events;
        this.gate = new ReceiverGate(limits.perReceiver(), limits.unprovenTotal(), parkBaseMs, parkMaxMs,
                limits.busyWaitMs());
        this.clock = clock;
        this.parkBaseMs = parkBaseMs;
        this.parkMaxMs = parkMaxMs;
    }

    /** Sets who is told of delivery outcomes. */
    public HookDelivery withListener(Listener listener) {
        this.listener = listener;
        return this;
    }

    /**
     * Finds the event to send for the job in the body, and sets the request up; sets no URL when none is left, or
     * when the job's receiver has its share of the deliveries under way (the job is then due again a little later).
     */
    public void prepare(Exchange exchange) {
        String jobId = exchange.getMessage().getBody(String.class);
        exchange.setVariable(JOB_ID, jobId);
        next(exchange, jobId, events.head(jobId));
        String url = exchange.getVariable(URL, String.class);
        if (url == null) {
            return;
        }
        ReceiverGate.Admission admission = gate.tryEnter(ReceiverGate.receiverOf(url), clock.millis());
        if (admission instanceof ReceiverGate.Refusal refusal) {
            exchange.removeVariable(URL);
            events.defer(jobId, refusal.retryAtMs());
            LOG.debug("Hooks of job {} wait for {}: {}", jobId, ReceiverGate.receiverOf(url), refusal.reason());
            return;
        }
        ReceiverGate.Ticket ticket = (ReceiverGate.Ticket) admission;
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                gate.leave(ticket, done.getVariable(TIMED_OUT, false, Boolean.class), clock.millis());
            }
        });
    }

    /**
     * Sets the exchange up for the job's next event to send, starting at {@code head}, or clears the URL when there
     * is none.
     */
    private void next(Exchange exchange, String jobId, HookEventStore.Head head) {
        exchange.removeVariable(URL);
        while (true) {
            String json = head.event();
            if (json == null) {
                events.skipped(jobId, "", clock.millis(), clock.millis(), false);
                return;
            }
            JobStats current = head.stats();
            if (current == null) {
                long dropped = events.forget(jobId);
                LOG.info("Dropped {} hook events of job {}: its stats have expired", dropped, jobId);
                return;
            }
            HookEvent event = HookEvent.parse(json);
            if (event == null || current.webHookUrl() == null || event.outdatedBy(current.ack())) {
                // still this delivery's job: keep the claim while looking at the next event
                HookEventStore.Left left = events.skipped(jobId, json, clock.millis(), clock.millis() + leaseMs, true);
                if (left.next() == null) {
                    return;
                }
                head = left.next();
                continue;
            }
            String body = event.payload(current);
            exchange.setVariable(EVENT_JSON, json);
            exchange.setVariable(EVENT, event);
            exchange.setVariable(URL, current.webHookUrl());
            exchange.getMessage().removeHeaders("*");
            exchange.getMessage().setHeader(Exchange.HTTP_URI, current.webHookUrl());
            // the producer reads the method as its enum: a String would be converted, by a search, on every POST
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setBody(body);
            return;
        }
    }

    /** The receiver answered 200: the ACK is stored, and the job's next event, if any, is set up to go next. */
    public void delivered(Exchange exchange) {
        String jobId = exchange.getVariable(JOB_ID, String.class);
        HookEvent event = exchange.getVariable(EVENT, HookEvent.class);
        int sent = exchange.getVariable(SENT, 0, Integer.class) + 1;
        exchange.setVariable(SENT, sent);
        boolean goOn = sent < MAX_EVENTS_PER_TURN;
        long now = clock.millis();
        HookEventStore.Left left = events.delivered(jobId, exchange.getVariable(EVENT_JSON, String.class),
                event.status(), event.revision(), event.checkInAt(), event.isCheckIn(), now, goOn ? now + leaseMs : now,
                goOn);
        LOG.debug("Delivered the {} hook of job {}", event.status().wireName(), jobId);
        listener.delivered();
        if (left.next() != null) {
            next(exchange, jobId, left.next());
        } else {
            // any events left are due again in Redis; the sweeper hands them out in a later turn
            exchange.removeVariable(URL);
        }
    }

    /**
     * The receiver did not answer in time: the job's events are parked at once rather than redelivered, so a
     * hanging receiver holds a consumer for one time-out, and the receiver rests before its next delivery.
     */
    public void timedOut(Exchange exchange) {
        exchange.setVariable(TIMED_OUT, true);
        parked(exchange);
    }

    /** The route's redeliveries ran out: the job's events wait for the sweeper's next, later attempt. */
    public void parked(Exchange exchange) {
        String jobId = exchange.getVariable(JOB_ID, String.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        long delay = events.park(jobId, clock.millis(), parkBaseMs, parkMaxMs);
        listener.parked();
        LOG.warn("Cannot deliver the hook of job {} to {} ({}); retrying in {} ms; body {}", jobId,
                exchange.getVariable(URL, String.class), cause == null ? "?" : cause.getMessage(), delay,
                HookEvent.abbreviate(exchange.getMessage().getBody(String.class)));
    }
}
