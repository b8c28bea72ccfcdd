package io.jobservice.job;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The known job types by name (Harbor's "known jobs"); one name per type. */
public final class JobRegistry {

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    /** Registers {@code job} under {@code name}; a name can be registered only once. */
    public JobRegistry register(String name, Job job) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a job type needs a name");
        }
        if (jobs.putIfAbsent(name, job) != null) {
            throw new IllegalArgumentException("job type '" + name + "' is already registered");
        }
        return this;
    }

    /** The job type, or null when unknown. */
    public Job get(String name) {
        return name == null ? null : jobs.get(name);
    }

    /** All names, sorted as Harbor reports them. */
    public List<String> names() {
        return jobs.keySet().stream().sorted().toList();
    }
}
