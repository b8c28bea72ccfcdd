package io.jobservice.jobcomponent;

import io.jobservice.job.JobContext;
import org.apache.camel.Exchange;

/**
 * What a route job's exchange carries besides its body (the job's parameters, a map): exchange variables, so that
 * nothing leaks into the headers an HTTP step sends. In the Simple language: {@code ${variable.jobId}},
 * {@code ${variable.jobContext.checkIn('half way')}}; in Java: {@link #context(Exchange)}.
 */
public final class JobVariables {

    /** The job's ID (24 hex characters). */
    public static final String JOB_ID = "jobId";
    /** The job type's name. */
    public static final String JOB_NAME = "jobName";
    /** {@code Generic}, {@code Scheduled} or {@code Periodic}. */
    public static final String JOB_KIND = "jobKind";
    /** The revision of the job's stats this attempt runs under. */
    public static final String JOB_REVISION = "jobRevision";
    /** The {@link JobContext}: {@code checkIn(message)}, {@code opCommand()}, {@code logger()}. */
    public static final String JOB_CONTEXT = "jobContext";

    private JobVariables() {
    }

    static void set(Exchange exchange, JobContext context) {
        exchange.setVariable(JOB_ID, context.jobId());
        exchange.setVariable(JOB_NAME, context.jobName());
        exchange.setVariable(JOB_KIND, context.kind() == null ? null : context.kind().wireName());
        exchange.setVariable(JOB_REVISION, context.revision());
        exchange.setVariable(JOB_CONTEXT, context);
    }

    /** The context of the job this exchange runs, or null when the exchange is not a job's. */
    public static JobContext context(Exchange exchange) {
        return exchange.getVariable(JOB_CONTEXT, JobContext.class);
    }
}
