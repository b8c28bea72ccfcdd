package io.jobservice.jobcomponent;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * One job type defined by a route. Its options are Harbor's knobs (contract 9.1) plus the declared parameters:
 * <ul>
 *   <li>{@code maxFails} (default 4): attempts allowed, the first included;</li>
 *   <li>{@code maxConcurrency} (default 0, unlimited): running jobs of this type across the cluster;</li>
 *   <li>{@code shouldRetry} (default true): whether a failed attempt is retried;</li>
 *   <li>{@code priority} (default 1000): weight when workers pick the next job;</li>
 *   <li>{@code maxRunSeconds} (default 0, none): a run past it is stopped and ends in Error;</li>
 *   <li>{@code params}: the declared parameters, see {@link ParameterSpec}.</li>
 * </ul>
 */
public final class JobEndpoint extends DefaultEndpoint {

    private final String jobName;
    private int maxFails = 4;
    private int maxConcurrency;
    private boolean shouldRetry = true;
    private int priority = 1000;
    private long maxRunSeconds;
    private String params = "";
    private ParameterSpec parameterSpec = ParameterSpec.parse("");

    JobEndpoint(String uri, JobComponent component, String jobName) {
        super(uri, component);
        this.jobName = jobName;
    }

    /** Refuses knobs Harbor would not accept, naming the option. */
    void checkOptions() {
        require(maxFails >= 0, "maxFails must be 0 or more");
        require(maxConcurrency >= 0, "maxConcurrency must be 0 (unlimited) or more");
        require(priority >= 1, "priority must be 1 or more");
        require(maxRunSeconds >= 0, "maxRunSeconds must be 0 (no limit) or more");
        parameterSpec = ParameterSpec.parse(params);
    }

    private void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("'" + getEndpointUri() + "': " + message);
        }
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("job:" + jobName + " can only start a route; jobs are submitted"
                + " with POST /api/v1/jobs");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        JobConsumer consumer = new JobConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public JobComponent getComponent() {
        return (JobComponent) super.getComponent();
    }

    public String getJobName() {
        return jobName;
    }

    ParameterSpec parameterSpec() {
        return parameterSpec;
    }

    public int getMaxFails() {
        return maxFails;
    }

    public void setMaxFails(int maxFails) {
        this.maxFails = maxFails;
    }

    public int getMaxConcurrency() {
        return maxConcurrency;
    }

    public void setMaxConcurrency(int maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
    }

    public boolean isShouldRetry() {
        return shouldRetry;
    }

    public void setShouldRetry(boolean shouldRetry) {
        this.shouldRetry = shouldRetry;
    }

    public int getPriority() {
        return priority;
    }

    public void setPriority(int priority) {
        this.priority = priority;
    }

    public long getMaxRunSeconds() {
        return maxRunSeconds;
    }

    public void setMaxRunSeconds(long maxRunSeconds) {
        this.maxRunSeconds = maxRunSeconds;
    }

    public String getParams() {
        return params;
    }

    public void setParams(String params) {
        this.params = params;
    }
}
