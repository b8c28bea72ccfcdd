/**
 * What an operator does to jobs and queues (stop a job, pause and resume a job type, list, run now or delete the
 * entries of the scheduled, retry and dead sets), in one place for every door that offers it: the API, the MBeans,
 * and what comes next.
 */
package io.jobservice.admin;
