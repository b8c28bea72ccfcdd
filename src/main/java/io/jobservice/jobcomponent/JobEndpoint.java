package io.jobservice.jobcomponent;

import io.jobservice.job.Job;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/**
 * One job type defined by a route. Its options are Harbor's knobs (contract 9.1), the retry back-off a Java job
 * type sets by overriding {@link Job#retryDelaySeconds}, and the declared parameters ({@link ParameterSpec}); each
 * is declared below with its default and what it does.
 */
public final class JobEndpoint extends DefaultEndpoint {

    private final String jobName;
    @UriParam(defaultValue = "4", description = "Attempts allowed, the first included (Harbor's MaxFails); 0 means 4")
    private int maxFails = Job.DEFAULT_MAX_FAILS;
    @UriParam(defaultValue = "0", description = "Running jobs of this type across the cluster; 0 means unlimited")
    private int maxConcurrency;
    @UriParam(defaultValue = "true", description = "Whether a failed attempt is retried")
    private boolean shouldRetry = true;
    @UriParam(defaultValue = "1000", description = "Weight of this type when workers pick the next job")
    private int priority = Job.DEFAULT_PRIORITY;
    @UriParam(defaultValue = "0", description = "A run past this many seconds is stopped and ends in Error; 0 means"
            + " no limit")
    private long maxRunSeconds;
    @UriParam(defaultValue = "0", description = "Seconds before the first retry, doubled for each further one;"
            + " 0 means gocraft's back-off (fails^4 + 15 s + jitter), as for Java job types")
    private long retryDelaySeconds;
    @UriParam(defaultValue = "0", description = "The longest wait between attempts in seconds; 0 means no cap")
    private long maxRetryDelaySeconds;
    @UriParam(description = "The declared parameters, comma separated name[?][:type] (? marks an optional one)")
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
        require(retryDelaySeconds >= 0, "retryDelaySeconds must be 0 (gocraft's back-off) or more");
        require(maxRetryDelaySeconds >= 0, "maxRetryDelaySeconds must be 0 (no cap) or more");
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

    public long getRetryDelaySeconds() {
        return retryDelaySeconds;
    }

    public void setRetryDelaySeconds(long retryDelaySeconds) {
        this.retryDelaySeconds = retryDelaySeconds;
    }

    public long getMaxRetryDelaySeconds() {
        return maxRetryDelaySeconds;
    }

    public void setMaxRetryDelaySeconds(long maxRetryDelaySeconds) {
        this.maxRetryDelaySeconds = maxRetryDelaySeconds;
    }

    /**
     * Seconds before the attempt after the {@code fails}-th failure: doubling from {@link #getRetryDelaySeconds},
     * capped by {@link #getMaxRetryDelaySeconds}, or gocraft's back-off when no delay is set.
     */
    long retryDelayAfter(long fails) {
        int doublings = (int) Math.min(30, Math.max(0, fails - 1));
        // a large delay saturates rather than overflowing into a negative (at once) retry
        long delay = retryDelaySeconds == 0 ? Job.gocraftRetryDelaySeconds(fails)
                : retryDelaySeconds > Long.MAX_VALUE >> doublings ? Long.MAX_VALUE : retryDelaySeconds << doublings;
        return maxRetryDelaySeconds == 0 ? delay : Math.min(delay, maxRetryDelaySeconds);
    }

    public String getParams() {
        return params;
    }

    public void setParams(String params) {
        this.params = params;
    }
}
