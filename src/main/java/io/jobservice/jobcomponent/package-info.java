/**
 * The {@code job:} Camel component (decisions D5): a route that starts {@code from("job:NAME")} is the job type
 * NAME while it runs, its log steps go to the job log, and a stop takes effect between its steps.
 */
package io.jobservice.jobcomponent;
