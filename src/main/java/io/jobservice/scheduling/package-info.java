/** Time-driven moves: due Scheduled jobs and retries onto their queues. */
package io.jobservice.scheduling;
