package io.jobservice;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;

/**
 * What runs beside the routes (the worker pool, the timers, the hook sweeper, the routes folder watcher,
 * monitoring), as Camel services: started in the listed order once the context has started, and stopped in the
 * reverse order when the context begins to stop, before its routes. The worker pool needs both: its jobs run on
 * the worker route, so it may fetch only once the route runs, and at shutdown it must stop fetching, let running
 * jobs end and requeue the rest while the route still runs.
 */
final class BackgroundServices extends EventNotifierSupport {

    private final List<Service> inStartOrder;
    private final CamelContext context;
    private final long stopRoutesTimeoutSeconds;

    /**
     * @param stopRoutesTimeoutSeconds how long the routes then get to finish: what still runs was requeued, so
     *                                 less than a route edit gets, and the whole stop fits in Docker's 10 s
     */
    BackgroundServices(CamelContext context, List<Service> inStartOrder, long stopRoutesTimeoutSeconds) {
        this.context = context;
        this.inStartOrder = List.copyOf(inStartOrder);
        this.stopRoutesTimeoutSeconds = stopRoutesTimeoutSeconds;
        // a notifier that takes exchange events makes Camel build and send several events for every exchange
        // (every request, job and hook); only the context's own start and stop matter here
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.CamelContextStartedEvent) {
            ServiceHelper.startService(inStartOrder);
        } else if (event instanceof CamelEvent.CamelContextStoppingEvent) {
            List<Service> inStopOrder = new ArrayList<>(inStartOrder);
            Collections.reverse(inStopOrder);
            ServiceHelper.stopService(inStopOrder);
            context.getShutdownStrategy().setTimeout(stopRoutesTimeoutSeconds);
        }
    }
}
