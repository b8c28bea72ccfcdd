package io.jobservice.jobcomponent;

import org.apache.camel.Processor;
import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.spi.ShutdownAware;
import org.apache.camel.support.DefaultConsumer;

/**
 * Registers the route's job type while the route runs, and takes it away when the route stops or is removed. A
 * stopping route takes no new job from the moment its stop begins, but the consumer itself stops last: stopping
 * it stops the route's steps, which would cut a running job short (an asynchronous delay, for one, is then
 * refused with "Run is not allowed"). Camel's shutdown strategy waits for the running jobs meanwhile.
 */
final class JobConsumer extends DefaultConsumer implements ShutdownAware {

    private final RouteJob job;

    JobConsumer(JobEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.job = new RouteJob(endpoint, this);
    }

    @Override
    public JobEndpoint getEndpoint() {
        return (JobEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        getEndpoint().getComponent().registry().register(getEndpoint().getJobName(), job);
    }

    /** Called when the route's stop begins: no new job from now on; the consumer stops once the running end. */
    @Override
    public boolean deferShutdown(ShutdownRunningTask shutdownRunningTask) {
        unregister();
        return true;
    }

    @Override
    public int getPendingExchangesSize() {
        return job.running();
    }

    @Override
    public void prepareShutdown(boolean suspendOnly, boolean forced) {
        unregister();
    }

    @Override
    protected void doStop() throws Exception {
        unregister();
        super.doStop();
    }

    private void unregister() {
        JobComponent component = getEndpoint().getComponent();
        component.registry().unregister(getEndpoint().getJobName(), job, component.clock().millis());
    }
}
