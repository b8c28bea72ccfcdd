package io.jobservice.hook;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounds what a slow or hanging hook receiver can take of this node's delivery consumers, so it cannot delay every
 * other job's hooks (a circuit breaker per receiver, keyed by scheme, host and port). Only time-outs count against a
 * receiver: a refused connection or a 500 costs a consumer no time.
 *
 * <p>A receiver that answered in time, and has not timed out {@value #TIMEOUTS_TO_DISTRUST} times in a row since,
 * is trusted: it may take up to {@code perReceiver} consumers at once. Any other is unproven (not tried yet, or
 * timing out), and all unproven receivers together take at most {@code unprovenTotal} consumers, so the rest stay
 * free for receivers that answer. An unproven receiver that has timed out gets one delivery at a time, after a rest
 * that doubles with each time-out up to a cap, and those never take the last unproven slot, which stays for
 * receivers not tried yet (a new healthy one is not starved by old hanging ones). Refused jobs wait (their events
 * stay in Redis).
 */
final class ReceiverGate {

    /** Time-outs in a row after which a receiver that answered before is no longer trusted. */
    static final int TIMEOUTS_TO_DISTRUST = 3;

    /** Whether a delivery may start now. */
    sealed interface Admission permits Ticket, Refusal {
    }

    /** A delivery let through, to hand back with its outcome. */
    record Ticket(String receiver, boolean unproven) implements Admission {
    }

    /** A delivery that has to wait until {@code retryAtMs}, and why. */
    record Refusal(long retryAtMs, String reason) implements Admission {
    }

    private static final class Receiver {
        int inFlight;
        boolean answered;
        int timeoutsInARow;
        int rests;
        long restUntilMs;

        boolean trusted() {
            return answered && timeoutsInARow < TIMEOUTS_TO_DISTRUST;
        }
    }

    /** Receivers remembered at most; beyond it idle ones are forgotten (they start unproven again). */
    private static final int MAX_RECEIVERS = 10_000;

    private final int perReceiver;
    private final int unprovenTotal;
    private final long restFirstMs;
    private final long restMaxMs;
    private final long busyWaitMs;
    private final Map<String, Receiver> receivers = new HashMap<>();
    private int unprovenInFlight;

    /**
     * @param perReceiver   deliveries at once to one receiver
     * @param unprovenTotal deliveries at once to all unproven receivers together (at least 2: one for receivers not
     *                      tried yet)
     * @param restFirstMs   first rest of a receiver that timed out; doubles with each time-out in a row
     * @param restMaxMs     longest rest
     * @param busyWaitMs    how long a job waits when its receiver's share is taken
     */
    ReceiverGate(int perReceiver, int unprovenTotal, long restFirstMs, long restMaxMs, long busyWaitMs) {
        this.perReceiver = Math.max(1, perReceiver);
        this.unprovenTotal = Math.max(2, unprovenTotal);
        this.restFirstMs = restFirstMs;
        this.restMaxMs = restMaxMs;
        this.busyWaitMs = busyWaitMs;
    }

    /** The receiver of a hook URL: scheme, host and port. */
    static String receiverOf(String url) {
        try {
            URI uri = URI.create(url);
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            return uri.getScheme() + "://" + uri.getHost() + ":" + port;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    /** Lets a delivery to the receiver start, or says until when it has to wait. */
    synchronized Admission tryEnter(String receiver, long nowMs) {
        Receiver state = receivers.get(receiver);
        if (state == null) {
            forgetIdleIfFull();
            state = new Receiver();
            receivers.put(receiver, state);
        }
        boolean probing = !state.trusted() && state.timeoutsInARow > 0;
        if (probing && nowMs < state.restUntilMs) {
            return new Refusal(state.restUntilMs + jitter(busyWaitMs), "it timed out " + state.timeoutsInARow
                    + " time(s) in a row and rests");
        }
        if (state.inFlight >= (probing ? 1 : perReceiver)) {
            return new Refusal(nowMs + jitter(busyWaitMs), "its share of the deliveries is under way");
        }
        boolean unproven = !state.trusted();
        if (unproven && unprovenInFlight >= (probing ? unprovenTotal - 1 : unprovenTotal)) {
            return new Refusal(nowMs + jitter(busyWaitMs), "unproven receivers have their share under way");
        }
        state.inFlight++;
        if (unproven) {
            unprovenInFlight++;
        }
        return new Ticket(receiver, unproven);
    }

    /** Hands a ticket back: {@code timedOut} when the receiver did not answer in time. */
    synchronized void leave(Ticket ticket, boolean timedOut, long nowMs) {
        if (ticket.unproven()) {
            unprovenInFlight--;
        }
        Receiver state = receivers.get(ticket.receiver());
        if (state == null) {
            return;
        }
        state.inFlight--;
        if (!timedOut) {
            state.answered = true;
            state.timeoutsInARow = 0;
            state.rests = 0;
            state.restUntilMs = 0;
            return;
        }
        state.timeoutsInARow++;
        if (!state.trusted()) {
            state.restUntilMs = nowMs + Math.min(restMaxMs, restFirstMs << Math.min(20, state.rests));
            state.rests++;
        }
    }

    private void forgetIdleIfFull() {
        if (receivers.size() >= MAX_RECEIVERS) {
            receivers.values().removeIf(state -> state.inFlight == 0);
        }
    }

    /** A wait between {@code ms} and twice it, so jobs refused together do not come back together. */
    private static long jitter(long ms) {
        return ms + ThreadLocalRandom.current().nextLong(ms + 1);
    }
}
