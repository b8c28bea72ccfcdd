/**
 * The built-in Java job types: NOOP (for benchmarks), DEMO (Harbor's test job) and SCHEDULER (Harbor's check-in
 * job; decisions D5). WEBHOOK and SLACK are routes under {@code routes/}.
 */
package io.jobservice.job.impl;
