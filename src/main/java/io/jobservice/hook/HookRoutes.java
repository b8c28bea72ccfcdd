package io.jobservice.hook;

import java.io.InterruptedIOException;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * The {@code hook-deliver} route (decisions D4): a SEDA queue of job ids whose concurrent consumers bound the
 * parallel deliveries; each takes the job's oldest event and POSTs it with the camel-http producer, which counts
 * only HTTP 200 as delivered. Failures are redelivered under the policy of the {@code jobservice.hooks.*}
 * properties (exponential back-off with jitter, capped); when that runs out the job's events are parked in Redis
 * for the sweeper.
 */
public final class HookRoutes extends RouteBuilder {

    /** Producer and consumer use this one URI. */
    public static final String HOOK_QUEUE = "seda:hook-deliver?concurrentConsumers={{jobservice.hooks.concurrency}}"
            + "&size={{jobservice.hooks.queue-size}}&blockWhenFull=true";
    /**
     * The receiver's URL comes from the event ({@code CamelHttpUri}); only 200 counts as delivered (contract 4.2).
     * Hooks have time-outs of their own, shorter than the general HTTP client's: a receiver that does not answer
     * in time is parked, not waited for.
     */
    static final String RECEIVER = "http://hook-receiver?okStatusCodeRange=200-200"
            // a hook is its JSON body and Content-Type only, and nothing of the answer but its status is read:
            // mapping headers both ways and sweeping the cookie store cost every POST
            + "&skipRequestHeaders=true&skipResponseHeaders=true&clearExpiredCookies=false"
            + "&connectTimeout={{jobservice.hooks.connect-timeout-ms}}"
            + "&responseTimeout={{jobservice.hooks.response-timeout-ms}}"
            + "&soTimeout={{jobservice.hooks.response-timeout-ms}}";

    private final HookDelivery delivery;

    public HookRoutes(HookDelivery delivery) {
        this.delivery = delivery;
    }

    @Override
    public void configure() {
        from(HOOK_QUEUE).routeId("hook-deliver")
                // a connect or response time-out: parked at once, so a hanging receiver holds a consumer once
                .onException(InterruptedIOException.class)
                    .maximumRedeliveries(0)
                    .logExhausted(false)
                    .handled(true)
                    .process(delivery::timedOut)
                .end()
                .onException(Exception.class)
                    .maximumRedeliveries("{{jobservice.hooks.redeliveries}}")
                    .redeliveryDelay("{{jobservice.hooks.redelivery-delay-ms}}")
                    .useExponentialBackOff()
                    .backOffMultiplier("{{jobservice.hooks.backoff-multiplier}}")
                    .maximumRedeliveryDelay("{{jobservice.hooks.max-redelivery-delay-ms}}")
                    .useCollisionAvoidance()
                    // the wait between attempts does not hold a consumer
                    .asyncDelayedRedelivery()
                    .retryAttemptedLogLevel(LoggingLevel.DEBUG)
                    .logExhausted(false)
                    .handled(true)
                    .process(delivery::parked)
                .end()
                .process(delivery::prepare)
                // the job's events one after the other, in order, under its delivery lock
                .loopDoWhile(variable(HookDelivery.URL).isNotNull())
                    .to(RECEIVER)
                    .process(delivery::delivered)
                .end();
    }
}
