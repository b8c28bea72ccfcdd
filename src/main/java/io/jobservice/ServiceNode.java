package io.jobservice;

import java.time.Clock;
import java.util.Map;

import io.jobservice.config.HarborConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * One running job service: Camel Main with the service's configuration. {@link JobServiceApplication} runs it
 * until the process is stopped; tests start and stop it in-process.
 */
public final class ServiceNode {

    private final Main main = new Main();
    private final ServiceWiring configuration;

    /**
     * @param config     the service configuration
     * @param coreSecret the secret API callers must present, or null
     * @param properties Camel properties that win over every other source (tests use them)
     */
    public ServiceNode(HarborConfig config, String coreSecret, Map<String, String> properties) {
        this(config, coreSecret, properties, Clock.systemUTC());
    }

    /** @param clock the time the service reads: the system's in production, a test's own in tests */
    public ServiceNode(HarborConfig config, String coreSecret, Map<String, String> properties, Clock clock) {
        this.configuration = new ServiceWiring(config, coreSecret, clock);
        main.setPropertyPlaceholderLocations(
                "classpath:application.properties,file:config/application.properties;optional=true");
        main.addOverrideProperty("jobservice.http.port", Integer.toString(config.port()));
        main.addOverrideProperty("jobservice.pool.workers", Integer.toString(config.workers()));
        if (config.metric().enabled()) {
            // config.yml's metric block: Prometheus text on its own listener (stack.md gotcha 14)
            main.addOverrideProperty("camel.management.enabled", "true");
            main.addOverrideProperty("camel.management.metrics-enabled", "true");
            main.addOverrideProperty("camel.management.port", Integer.toString(config.metric().port()));
            main.addOverrideProperty("camel.metrics.enabled", "true");
            main.addOverrideProperty("camel.metrics.path", config.metric().path());
        } else {
            // camel-micrometer-prometheus on the classpath times every exchange even with nothing to serve it
            main.addOverrideProperty("camel.metrics.enable-route-policy", "false");
        }
        properties.forEach(main::addOverrideProperty);
        main.configure().addConfiguration(configuration);
    }

    /** Runs until the JVM is asked to stop (SIGTERM, Ctrl-C). */
    public void run() throws Exception {
        main.run();
    }

    /** Starts in the background and returns once the service is up. */
    public ServiceNode start() throws Exception {
        main.start();
        return this;
    }

    /** Stops gracefully: workers drain, unfinished jobs are requeued. */
    public void stop() throws Exception {
        main.stop();
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public ServiceWiring configuration() {
        return configuration;
    }
}
