/**
 * The worker pool: the fetcher that takes jobs from Redis for idle workers, the SEDA-backed worker route that runs
 * them with a concurrency cap, the runner that records each attempt's outcome, and the heartbeat.
 */
package io.jobservice.worker;
