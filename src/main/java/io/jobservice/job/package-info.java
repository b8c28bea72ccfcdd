/**
 * The job domain: job types and their knobs, job stats, kinds, statuses and the submit validation. Free of Camel
 * and of the Redis client, so it is tested with plain unit tests.
 */
package io.jobservice.job;
