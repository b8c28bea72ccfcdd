/**
 * The TLS material of Harbor's internal TLS layout, read once at start: the API's certificate, the client
 * certificate of outgoing calls, and the CAs they trust.
 */
package io.jobservice.tls;
