package io.jobservice.routejob;

import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/** Registers the route's job type while the route runs, and takes it away when the route stops or is removed. */
final class JobConsumer extends DefaultConsumer {

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

    @Override
    protected void doStop() throws Exception {
        JobComponent component = getEndpoint().getComponent();
        component.registry().unregister(getEndpoint().getJobName(), job, component.clock().millis());
        super.doStop();
    }
}
