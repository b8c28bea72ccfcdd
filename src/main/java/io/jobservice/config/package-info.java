/** Harbor's config.yml and environment overrides, read into typed settings with one-line errors. */
package io.jobservice.config;
