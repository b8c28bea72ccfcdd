package io.jobservice.hook;

import java.time.Clock;

import io.jobservice.queue.HookEventStore;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.Registry;

import static org.apache.camel.support.CamelContextHelper.parseLong;

/** Binds the status hook delivery and its sweeper, and adds the delivery route. */
public final class HookWiring implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry beans = context.getRegistry();
        Clock clock = beans.mandatoryFindSingleByType(Clock.class);
        HookEventStore events = beans.mandatoryFindSingleByType(HookEventStore.class);
        long lease = parseLong(context, "{{jobservice.hooks.lock-lease-ms}}");
        HookDelivery delivery = new HookDelivery(events, clock,
                parseLong(context, "{{jobservice.hooks.park-first-delay-ms}}"),
                parseLong(context, "{{jobservice.hooks.park-max-delay-ms}}"), lease,
                new HookDelivery.ReceiverLimits(
                        parseLong(context, "{{jobservice.hooks.per-receiver-concurrency}}").intValue(),
                        parseLong(context, "{{jobservice.hooks.unproven-concurrency}}").intValue(),
                        parseLong(context, "{{jobservice.hooks.busy-wait-ms}}")));
        ProducerTemplate producer = context.createProducerTemplate();
        Endpoint hookQueue = context.getEndpoint(context.resolvePropertyPlaceholders(HookRoutes.HOOK_QUEUE));
        beans.bind("hookDelivery", delivery);
        beans.bind("hookSweeper", new HookSweeper(events, jobId -> producer.sendBody(hookQueue, jobId), clock,
                parseLong(context, "{{jobservice.hooks.sweep-period-ms}}"), lease,
                context.getExecutorServiceManager()));
        context.addRoutes(new HookRoutes(delivery));
    }
}
