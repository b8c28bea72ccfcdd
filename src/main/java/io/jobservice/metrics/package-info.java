/**
 * The Prometheus metrics under harbor-exporter's names (contract 12): this node's task counters, and queue and pool
 * figures read from Redis at most once per interval and cached for every reader (metrics and MBeans).
 */
package io.jobservice.metrics;
