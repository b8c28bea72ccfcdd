package io.jobservice;

import java.nio.file.Path;
import java.util.Map;

import io.jobservice.config.ConfigException;
import io.jobservice.config.ConfigLoader;
import io.jobservice.config.JobServiceConfig;
import io.jobservice.logs.ServiceLogging;

/** Entry point: {@code java -jar jobservice.jar -c config/config.yml}, as Harbor's binary takes {@code -c}. */
public final class JobServiceApplication {

    private JobServiceApplication() {
    }

    public static void main(String[] args) throws Exception {
        JobServiceConfig config;
        try {
            config = new ConfigLoader(System.getenv()).load(configPath(args));
        } catch (ConfigException e) {
            System.err.println("jobservice: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        ServiceLogging.apply(config.loggers());
        new JobService(config, System.getenv("CORE_SECRET"), Map.of()).run();
    }

    private static Path configPath(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-c")) {
                if (i + 1 >= args.length) {
                    throw new ConfigException("-c", "needs the path of the configuration file");
                }
                return Path.of(args[i + 1]);
            }
        }
        return Path.of("config/config.yml");
    }
}
