/**
 * What the HTTP notification job routes (WEBHOOK and SLACK under {@code routes/}) share: the TLS trust of hooks and
 * the proxy of Harbor's environment.
 */
package io.jobservice.notification;
