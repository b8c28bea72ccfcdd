package io.jobservice.metrics;

/**
 * Metric names in Harbor's scheme (contract 12): {@code <namespace>_<subsystem>_<name>} for the service's own
 * metrics and {@code <namespace>_<name>} for what harbor-exporter computes from Redis. Harbor sets
 * {@code METRIC_NAMESPACE=harbor} and {@code METRIC_SUBSYSTEM=jobservice}.
 */
public record MetricNames(String namespace, String subsystem) {

    /** A service metric, e.g. {@code harbor_jobservice_task}. */
    public String service(String name) {
        return join(namespace, subsystem, name);
    }

    /** An exporter metric, e.g. {@code harbor_task_queue_size}. */
    public String exporter(String name) {
        return join(namespace, name);
    }

    /** The Micrometer form of a Prometheus name (dots; the registry turns them back into underscores). */
    static String dotted(String prometheusName) {
        return prometheusName.replace('_', '.');
    }

    private static String join(String... parts) {
        StringBuilder name = new StringBuilder();
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                name.append(name.isEmpty() ? "" : "_").append(part.trim());
            }
        }
        return name.toString();
    }
}
