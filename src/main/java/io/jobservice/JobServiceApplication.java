package io.jobservice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.jobservice.config.ConfigException;
import io.jobservice.config.ConfigLoader;
import io.jobservice.config.HarborEnvironment;
import io.jobservice.config.HarborConfig;
import io.jobservice.logs.ServiceLogging;
import org.slf4j.LoggerFactory;

/**
 * Entry point: {@code java -jar jobservice.jar -c config/config.yml}, as Harbor's binary takes {@code -c}; without
 * {@code -c}, {@code /etc/jobservice/config.yml} when it exists (Harbor's layout), else {@code config/config.yml}.
 */
public final class JobServiceApplication {

    /** Where Harbor mounts the jobservice's config.yml. */
    static final Path HARBOR_CONFIG = Path.of("/etc/jobservice/config.yml");

    private JobServiceApplication() {
    }

    public static void main(String[] args) throws Exception {
        HarborConfig config;
        try {
            config = new ConfigLoader(System.getenv()).load(configPath(args));
        } catch (ConfigException e) {
            System.err.println("jobservice: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        ServiceLogging.apply(config.loggers());
        List<String> unused = HarborEnvironment.setButUnused(System.getenv());
        if (!unused.isEmpty()) {
            LoggerFactory.getLogger(JobServiceApplication.class).info(
                    "Harbor settings this service does not use (README, \"Harbor's environment\"): {}",
                    String.join(", ", unused));
        }
        new ServiceNode(config, System.getenv("CORE_SECRET"), Map.of()).run();
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
        // where Harbor's compose file mounts it, else the repository's
        return Files.isRegularFile(HARBOR_CONFIG) ? HARBOR_CONFIG : Path.of("config/config.yml");
    }
}
