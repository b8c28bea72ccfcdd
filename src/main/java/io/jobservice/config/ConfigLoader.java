package io.jobservice.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads Harbor's {@code config.yml} and applies Harbor's environment overrides (contract 11.1 and 11.2).
 * Every problem becomes a {@link ConfigException} naming the key, so start-up can stop with one line.
 */
public final class ConfigLoader {

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    /** Loads and validates the file at {@code path}. */
    public HarborConfig load(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException("-c", "configuration file " + path + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("-c", "cannot read " + path + ": " + e.getMessage());
        }
        return parse(text);
    }

    /** Parses and validates YAML text. */
    public HarborConfig parse(String yamlText) {
        Map<String, Object> root = parseYaml(yamlText);

        String protocolKey = source("protocol", "JOB_SERVICE_PROTOCOL");
        String protocol = override("JOB_SERVICE_PROTOCOL", string(root, "protocol", "http"));
        if (!protocol.equals("http") && !protocol.equals("https")) {
            throw new ConfigException(protocolKey, "must be http or https, got '" + protocol + "'");
        }
        HarborConfig.Tls tls = tls(root, protocol);
        if (tls.certFile() != null) {
            protocol = "https";
        }
        String portKey = source("port", "JOB_SERVICE_PORT");
        int port = integer(portKey, override("JOB_SERVICE_PORT", string(root, "port", "8080")));
        if (port < 1 || port > 65535) {
            throw new ConfigException(portKey, "must be within 1..65535, got " + port);
        }

        Map<String, Object> pool = map(root, "worker_pool");
        String workersKey = source("worker_pool.workers", "JOB_SERVICE_POOL_WORKERS");
        int workers = integer(workersKey, override("JOB_SERVICE_POOL_WORKERS", string(pool, "workers", "10")));
        if (workers < 1) {
            // Harbor turns 0 into 10; a job service without workers is a mistake worth stopping for
            throw new ConfigException(workersKey, "must be at least 1, got " + workers);
        }
        String backend = override("JOB_SERVICE_POOL_BACKEND", string(pool, "backend", "redis"));
        if (!backend.equals("redis")) {
            throw new ConfigException(source("worker_pool.backend", "JOB_SERVICE_POOL_BACKEND"),
                    "unknown backend '" + backend + "', only 'redis' is supported");
        }
        Map<String, Object> redisPool = map(pool, "redis_pool");
        RedisUrl redisUrl = RedisUrl.parse(source("worker_pool.redis_pool.redis_url", "JOB_SERVICE_POOL_REDIS_URL"),
                override("JOB_SERVICE_POOL_REDIS_URL", string(redisPool, "redis_url", null)));
        String namespace = override("JOB_SERVICE_POOL_REDIS_NAMESPACE",
                string(redisPool, "namespace", HarborConfig.DEFAULT_NAMESPACE));
        if (namespace.isBlank()) {
            throw new ConfigException("worker_pool.redis_pool.namespace", "must not be empty");
        }
        int idleTimeout = integer(source("worker_pool.redis_pool.idle_timeout_second",
                        "JOB_SERVICE_POOL_REDIS_CONN_IDLE_TIMEOUT_SECOND"),
                override("JOB_SERVICE_POOL_REDIS_CONN_IDLE_TIMEOUT_SECOND", string(redisPool, "idle_timeout_second", "0")));
        if (redisUrl.idleTimeoutSeconds() >= 0) {
            idleTimeout = redisUrl.idleTimeoutSeconds();
        }

        List<LoggerConfig> jobLoggers = loggers(root, "job_loggers", false);
        List<LoggerConfig> loggers = withLogLevel(loggers(root, "loggers", true));

        Map<String, Object> metricBlock = map(root, "metric");
        boolean metricEnabled = bool("metric.enabled", string(metricBlock, "enabled", "false"));
        int metricPort = integer("metric.port", string(metricBlock, "port", "9090"));
        if (metricEnabled && (metricPort < 1 || metricPort > 65535)) {
            throw new ConfigException("metric.port", "must be within 1..65535, got " + metricPort);
        }
        HarborConfig.Metric metric = new HarborConfig.Metric(metricEnabled,
                string(metricBlock, "path", "/metrics"), metricPort);

        Map<String, Object> reaper = map(root, "reaper");
        // Harbor ignores values of 24 hours and less, and dangling hours of 168 and less
        int maxUpdateHours = Math.max(24, integer("reaper.max_update_hours", string(reaper, "max_update_hours", "24")));
        int maxDanglingHours = Math.max(168,
                integer("reaper.max_dangling_hours", string(reaper, "max_dangling_hours", "168")));
        // the fork of gocraft/work Harbor uses expires worker observations after MAX_JOB_DURATION_SECONDS, which
        // Harbor sets from reaper.max_update_hours when it is not given
        long maxJobDurationSeconds = integer("MAX_JOB_DURATION_SECONDS",
                override("MAX_JOB_DURATION_SECONDS", Long.toString(maxUpdateHours * 3600L)));
        if (maxJobDurationSeconds < 1) {
            throw new ConfigException("MAX_JOB_DURATION_SECONDS", "must be at least 1, got " + maxJobDurationSeconds);
        }
        int maxRetrieveSizeMb = integer("max_retrieve_size_mb", string(root, "max_retrieve_size_mb", "0"));
        if (maxRetrieveSizeMb < 0) {
            throw new ConfigException("max_retrieve_size_mb", "must be >= 0, got " + maxRetrieveSizeMb);
        }
        return new HarborConfig(protocol, tls, port, workers, backend, redisUrl, namespace, idleTimeout, jobLoggers,
                loggers, metric, maxUpdateHours, maxDanglingHours, maxJobDurationSeconds, maxRetrieveSizeMb);
    }

    /**
     * Harbor's HTTPS settings: {@code protocol: https} with {@code https_config.cert} and {@code .key} (or
     * {@code JOB_SERVICE_HTTPS_CERT}, {@code JOB_SERVICE_HTTPS_KEY}); with {@code INTERNAL_TLS_ENABLED=true} HTTPS
     * too, with {@code INTERNAL_TLS_CERT_PATH} and {@code INTERNAL_TLS_KEY_PATH} unless the file names others, and
     * the same pair presented by outgoing calls.
     */
    private HarborConfig.Tls tls(Map<String, Object> root, String protocol) {
        boolean internal = "true".equalsIgnoreCase(env.getOrDefault("INTERNAL_TLS_ENABLED", "").trim());
        String trustCa = existingFile("INTERNAL_TLS_TRUST_CA_PATH", override("INTERNAL_TLS_TRUST_CA_PATH", null));
        String internalCert = internal ? existingFile("INTERNAL_TLS_CERT_PATH", required("INTERNAL_TLS_CERT_PATH")) : null;
        String internalKey = internal ? existingFile("INTERNAL_TLS_KEY_PATH", required("INTERNAL_TLS_KEY_PATH")) : null;
        if (!protocol.equals("https") && !internal) {
            return new HarborConfig.Tls(null, null, false, trustCa, null, null);
        }
        Map<String, Object> https = map(root, "https_config");
        String certKey = source("https_config.cert", "JOB_SERVICE_HTTPS_CERT");
        String keyKey = source("https_config.key", "JOB_SERVICE_HTTPS_KEY");
        String cert = override("JOB_SERVICE_HTTPS_CERT", string(https, "cert", internalCert));
        String key = override("JOB_SERVICE_HTTPS_KEY", string(https, "key", internalKey));
        boolean verify = "true".equalsIgnoreCase(env.getOrDefault("INTERNAL_VERIFY_CLIENT_CERT", "").trim());
        return new HarborConfig.Tls(existingFile(certKey, requiredSetting(certKey, cert)),
                existingFile(keyKey, requiredSetting(keyKey, key)), verify, trustCa, internalCert, internalKey);
    }

    private String required(String variable) {
        return requiredSetting(variable, override(variable, null));
    }

    private static String requiredSetting(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, "is required for HTTPS");
        }
        return value;
    }

    /** The path, after checking it is a readable file; null stays null. */
    private static String existingFile(String key, String path) {
        if (path != null && !Files.isReadable(Path.of(path))) {
            throw new ConfigException(key, "file " + path + " does not exist or cannot be read");
        }
        return path;
    }

    /**
     * Harbor's {@code LOG_LEVEL} (debug, info, warning, error or fatal) sets the level of the service's own log,
     * over the levels of the {@code loggers} block.
     */
    private List<LoggerConfig> withLogLevel(List<LoggerConfig> loggers) {
        String level = override("LOG_LEVEL", null);
        if (level == null) {
            return loggers;
        }
        if (!List.of("debug", "info", "warning", "error", "fatal").contains(level.toLowerCase(Locale.ROOT))) {
            throw new ConfigException("LOG_LEVEL", "must be debug, info, warning, error or fatal, got '" + level + "'");
        }
        return loggers.stream().map(logger -> new LoggerConfig(logger.name(), level.toUpperCase(Locale.ROOT),
                logger.settings(), logger.sweeperDuration(), logger.sweeperSettings())).toList();
    }

    private static Map<String, Object> parseYaml(String text) {
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().build()).loadFromString(text);
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(m -> "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1))
                    .orElse("unknown position");
            throw new ConfigException("yaml", "malformed at " + where + ": " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new ConfigException("yaml", "malformed: " + e.getMessage().replace('\n', ' '));
        }
        if (doc == null) {
            return Map.of();
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new ConfigException("yaml", "the document must be a mapping of keys, got " + doc.getClass().getSimpleName());
        }
        return stringKeys(map);
    }

    /** The key to name in an error: the file key, and the variable when the environment set the value. */
    private String source(String key, String variable) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? key : key + " (from " + variable + ")";
    }

    private String override(String variable, String fileValue) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? fileValue : value.trim();
    }

    private static String string(Map<String, Object> block, String key, String fallback) {
        Object value = block.get(key);
        return value == null ? fallback : value.toString().trim();
    }

    private static int integer(String key, String text) {
        if (text == null || text.isEmpty()) {
            throw new ConfigException(key, "is required");
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be an integer, got '" + text + "'");
        }
    }

    private static boolean bool(String key, String text) {
        return switch (text.toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key, "must be true or false, got '" + text + "'");
        };
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> m) {
            return stringKeys(m);
        }
        throw new ConfigException(key, "must be a mapping");
    }

    private static List<LoggerConfig> loggers(Map<String, Object> root, String key, boolean service) {
        Object value = root.get(key);
        if (value == null) {
            return List.of(new LoggerConfig("STD_OUTPUT", "INFO", Map.of(), 0, Map.of()));
        }
        if (!(value instanceof List<?> list)) {
            throw new ConfigException(key, "must be a list");
        }
        List<LoggerConfig> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String itemKey = key + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> raw)) {
                throw new ConfigException(itemKey, "must be a mapping");
            }
            Map<String, Object> item = stringKeys(raw);
            String name = string(item, "name", "");
            if (name.isEmpty()) {
                throw new ConfigException(itemKey + ".name", "is required");
            }
            Map<String, Object> settings = map(item, "settings");
            Map<String, Object> sweeper = map(item, "sweeper");
            int duration = integer(itemKey + ".sweeper.duration", string(sweeper, "duration", "0"));
            checkLogger(itemKey, name, settings, map(sweeper, "settings"), !sweeper.isEmpty(), service);
            result.add(new LoggerConfig(name, string(item, "level", ""), settings, duration, map(sweeper, "settings")));
        }
        return List.copyOf(result);
    }

    private static void checkLogger(String key, String name, Map<String, Object> settings,
                                    Map<String, Object> sweeperSettings, boolean hasSweeper, boolean service) {
        switch (name) {
            case "STD_OUTPUT" -> {
                Object output = settings.get("output");
                if (output != null && !output.equals("std_out") && !output.equals("std_err")) {
                    throw new ConfigException(key + ".settings.output", "must be std_out or std_err, got '" + output + "'");
                }
            }
            case "FILE" -> {
                requireSetting(key + ".settings.base_dir", settings.get("base_dir"));
                if (service) {
                    requireSetting(key + ".settings.filename", settings.get("filename"));
                }
                if (hasSweeper) {
                    requireSetting(key + ".sweeper.settings.work_dir", sweeperSettings.get("work_dir"));
                }
            }
            case "DB" -> throw new ConfigException(key + ".name",
                    "the DB logger needs Harbor's database and is not supported; use FILE or STD_OUTPUT");
            default -> throw new ConfigException(key + ".name", "unknown logger '" + name + "', use STD_OUTPUT or FILE");
        }
    }

    private static void requireSetting(String key, Object value) {
        if (value == null || value.toString().isBlank()) {
            throw new ConfigException(key, "is required");
        }
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }
}
