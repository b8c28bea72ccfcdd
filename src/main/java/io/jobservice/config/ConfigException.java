package io.jobservice.config;

/** A configuration problem, reported as one line that names the key and what is wrong with it. */
public class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
