package io.jobservice.job;

import java.time.Clock;
import java.util.Map;
import java.util.function.Predicate;

/** Harbor's submit validation, steps 1 to 8 of contract 1.3, in Harbor's order and words. */
public final class JobRequestValidator {

    /** Checks a cron spec; returns null when valid, else the parser's message. */
    public interface CronCheck {
        String problemWith(String cronSpec);
    }

    /**
     * The latest run time a Scheduled job may have, 9999-12-31T23:59:59Z: later ones are refused rather than capped,
     * since a delay that large is a mistake (a delay near 2^63 would otherwise overflow and run the job at once).
     */
    public static final long LATEST_RUN_AT = 253_402_300_799L;

    private final JobRegistry registry;
    private final CronCheck cronCheck;
    private final Clock clock;
    private final Predicate<String> runElsewhere;

    /**
     * @param runElsewhere whether a type this node does not know is registered by another live worker pool (a Go
     *                     jobservice sharing the namespace): such jobs are accepted, their parameters validated by
     *                     the node that runs them
     */
    public JobRequestValidator(JobRegistry registry, CronCheck cronCheck, Clock clock, Predicate<String> runElsewhere) {
        this.registry = registry;
        this.cronCheck = cronCheck;
        this.clock = clock;
        this.runElsewhere = runElsewhere;
    }

    public JobRequestValidator(JobRegistry registry, CronCheck cronCheck, Clock clock) {
        this(registry, cronCheck, clock, name -> false);
    }

    public JobRequestValidator(JobRegistry registry, CronCheck cronCheck) {
        this(registry, cronCheck, Clock.systemUTC());
    }

    /** Whether this node runs the job type itself (no look at the cluster is needed to accept it). */
    public boolean runsHere(String name) {
        return name != null && registry.forSubmit(name) != null;
    }

    /**
     * Validates the request.
     *
     * @param request the request, or null when the body had no {@code job}
     * @return the job kind
     * @throws JobParameterException with Harbor's message for the first failed step
     */
    public JobKind validate(JobRequest request) throws JobParameterException {
        if (request == null) {
            throw new JobParameterException("empty job request is not allowed");
        }
        if (request.name() == null || request.name().isBlank()) {
            throw new JobParameterException("name of job must be specified");
        }
        if (!request.hasMetadata()) {
            throw new JobParameterException("metadata of job is missing");
        }
        JobKind kind = JobKind.fromWire(request.kind());
        if (kind == null) {
            throw new JobParameterException("job kind '" + (request.kind() == null ? "" : request.kind())
                    + "' is not supported, only support 'Generic','Scheduled','Periodic'");
        }
        if (kind == JobKind.SCHEDULED && request.scheduleDelay() <= 0) {
            throw new JobParameterException("'schedule_delay' must be specified for Scheduled job");
        }
        if (kind == JobKind.SCHEDULED && request.scheduleDelay() > LATEST_RUN_AT - clock.millis() / 1000) {
            throw new JobParameterException("'schedule_delay' of " + request.scheduleDelay()
                    + " seconds puts the run time after 9999-12-31T23:59:59Z");
        }
        if (kind == JobKind.PERIODIC) {
            String spec = request.cronSpec();
            if (spec == null || spec.isBlank()) {
                throw new JobParameterException("'cron_spec' must be specified for the Periodic job");
            }
            String problem = cronCheck.problemWith(spec);
            if (problem != null) {
                throw new JobParameterException("'cron_spec' is not correctly set: " + spec + ": " + problem);
            }
        }
        Job job = registry.forSubmit(request.name());
        if (job == null) {
            if (runElsewhere.test(request.name())) {
                return kind;
            }
            throw new JobParameterException("job with name '" + request.name() + "' is unknown");
        }
        job.validate(request.parameters() == null ? Map.of() : request.parameters());
        return kind;
    }
}
