package io.jobservice.jobcomponent;

import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;

import io.jobservice.job.JobRegistry;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code job:} component (decisions D5): a route starting {@code from("job:NAME?options")} is the job type
 * {@code NAME} for as long as the route runs. See {@link JobEndpoint} for the options and {@link JobVariables} for
 * what the exchange carries.
 */
public final class JobComponent extends DefaultComponent {

    public static final String SCHEME = "job";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private final JobRegistry registry;
    private final Clock clock;

    public JobComponent(JobRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!NAME.matcher(remaining).matches()) {
            throw new IllegalArgumentException("'" + uri + "': a job type name is letters, digits, '_', '-' or '.'"
                    + " (for example job:WEBHOOK)");
        }
        JobEndpoint endpoint = new JobEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        endpoint.checkOptions();
        return endpoint;
    }

    JobRegistry registry() {
        return registry;
    }

    Clock clock() {
        return clock;
    }
}
