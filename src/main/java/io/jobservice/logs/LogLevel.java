package io.jobservice.logs;

import java.util.Locale;

/** Harbor's log levels (contract 8.1); an unknown or empty level means WARNING, as in Harbor. */
public enum LogLevel {
    DEBUG, INFO, WARNING, ERROR, FATAL;

    /** The level for a configured name (case-insensitive), or null when it is not one. */
    public static LogLevel known(String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The level for a configured name; WARNING when it is not one. */
    public static LogLevel parse(String name) {
        LogLevel level = known(name);
        return level == null ? WARNING : level;
    }
}
