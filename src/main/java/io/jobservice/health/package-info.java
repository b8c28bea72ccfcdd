/**
 * The checks behind {@code GET /api/v1/health}: Redis reachable, this pool's heartbeat recent, the hook backlog
 * bounded.
 */
package io.jobservice.health;
