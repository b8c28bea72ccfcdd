/**
 * Everything stored in Redis, in Harbor's and gocraft/work's key layout: keys, Lua scripts for each atomic move,
 * the job queues, job stats and worker pool heartbeats, plus the connection and the embedded server. The only
 * package that talks to Redis.
 */
package io.jobservice.queue;
