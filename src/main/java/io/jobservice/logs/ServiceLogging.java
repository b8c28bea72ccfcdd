package io.jobservice.logs;

import java.nio.file.Path;
import java.util.List;

import io.jobservice.config.LoggerConfig;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.api.RootLoggerComponentBuilder;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/** Applies the {@code loggers} of config.yml (STD_OUTPUT and FILE, with levels) to the service's log4j2 logging. */
public final class ServiceLogging {

    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ssXXX} [%level] [%c{1}]: %m%n";

    private ServiceLogging() {
    }

    public static void apply(List<LoggerConfig> loggers) {
        ConfigurationBuilder<BuiltConfiguration> builder = ConfigurationBuilderFactory.newConfigurationBuilder();
        builder.setStatusLevel(Level.WARN).setConfigurationName("jobservice");
        Level lowest = Level.FATAL;
        RootLoggerComponentBuilder root = builder.newRootLogger(Level.ALL);
        int n = 0;
        for (LoggerConfig logger : loggers) {
            Level level = toLog4j(LogLevel.parse(logger.level()));
            if (level.isLessSpecificThan(lowest)) {
                lowest = level;
            }
            String name = "logger" + n++;
            AppenderComponentBuilder appender;
            if (logger.name().equals("FILE")) {
                Path file = Path.of(String.valueOf(logger.settings().get("base_dir")),
                        String.valueOf(logger.settings().get("filename")));
                appender = builder.newAppender(name, "File").addAttribute("fileName", file.toString());
            } else {
                boolean stderr = "std_err".equals(String.valueOf(logger.settings().get("output")));
                appender = builder.newAppender(name, "Console").addAttribute("target", stderr ? "SYSTEM_ERR" : "SYSTEM_OUT");
            }
            appender.add(builder.newLayout("PatternLayout").addAttribute("pattern", PATTERN));
            appender.add(builder.newFilter("ThresholdFilter", Filter.Result.ACCEPT, Filter.Result.DENY)
                    .addAttribute("level", level));
            builder.add(appender);
            root.add(builder.newAppenderRef(name));
        }
        // DEBUG (LOG_LEVEL=debug) is for the service's own lines; the libraries stay at INFO at most
        builder.add(root.addAttribute("level", lowest.isLessSpecificThan(Level.INFO) ? Level.INFO : lowest));
        builder.add(builder.newLogger("io.jobservice", lowest));
        for (String noisy : List.of("io.netty", "io.vertx", "io.lettuce")) {
            builder.add(builder.newLogger(noisy, Level.WARN));
        }
        Configurator.reconfigure(builder.build());
    }

    static Level toLog4j(LogLevel level) {
        return switch (level) {
            case DEBUG -> Level.DEBUG;
            case INFO -> Level.INFO;
            case WARNING -> Level.WARN;
            case ERROR -> Level.ERROR;
            case FATAL -> Level.FATAL;
        };
    }
}
