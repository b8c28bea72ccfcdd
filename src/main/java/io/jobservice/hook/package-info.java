/**
 * Status hooks (contract 4, decisions D4): events queued in Redis by the status scripts, a sweeper that hands due
 * jobs to the camel-http delivery route one job at a time, ACKs on HTTP 200, and parking with back-off when a
 * receiver is down, until delivered, outdated, or the job's stats expire.
 */
package io.jobservice.hook;
