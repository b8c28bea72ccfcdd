/**
 * Harbor's HTTP API v1 on camel-platform-http: the handlers behind the REST table of routes/api.camel.yaml,
 * Harbor's authentication and error body, and the JSON shapes of job stats.
 */
package io.jobservice.api;
