package io.jobservice.logs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.jobservice.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code loggers} of config.yml drive the service's own log. */
class ServiceLoggingTest {

    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        Configurator.reconfigure();
    }

    @Test
    void should_write_the_service_log_to_a_file_at_the_configured_level() throws Exception {
        ServiceLogging.apply(List.of(new LoggerConfig("FILE", "WARNING",
                Map.of("base_dir", dir.toString(), "filename", "service.log"), 0, Map.of())));
        LoggerFactory.getLogger("io.jobservice.test").info("not at WARNING");
        LoggerFactory.getLogger("io.jobservice.test").warn("a warning");
        Configurator.reconfigure();
        String log = Files.readString(dir.resolve("service.log"));
        assertThat(log).contains("[WARN] [test]: a warning").doesNotContain("not at WARNING");
    }

    @Test
    void should_write_the_services_debug_lines_at_debug_and_keep_the_libraries_at_info() throws Exception {
        // LOG_LEVEL=debug turns every service logger's level to DEBUG (ConfigLoaderTest)
        ServiceLogging.apply(List.of(new LoggerConfig("FILE", "DEBUG",
                Map.of("base_dir", dir.toString(), "filename", "service.log"), 0, Map.of())));
        LoggerFactory.getLogger("io.jobservice.worker.JobDispatcher").debug("a debug line of ours");
        LoggerFactory.getLogger("org.apache.camel.impl.Engine").debug("a library's debug line");
        LoggerFactory.getLogger("org.apache.camel.impl.Engine").info("a library's info line");
        Configurator.reconfigure();
        String log = Files.readString(dir.resolve("service.log"));
        assertThat(log).contains("[DEBUG] [JobDispatcher]: a debug line of ours")
                .contains("a library's info line").doesNotContain("a library's debug line");
    }
}
