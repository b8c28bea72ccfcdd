/**
 * Keeps the YAML routes under the {@code routes/} folder in line with the files while the service runs: added,
 * changed and deleted files, and a broken file never stops the others.
 */
package io.jobservice.routesfolder;
