/**
 * The service's MBeans beside Camel's (domain {@code io.jobservice}), and the optional remote JMX connector
 * (password and access files, TLS).
 */
package io.jobservice.jmx;
