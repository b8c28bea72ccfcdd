/** JSON handling shared by the API and the queue: one configured Jackson mapper. */
package io.jobservice.json;
