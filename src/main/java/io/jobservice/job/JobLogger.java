package io.jobservice.job;

/** The logger of one job run, with Harbor's levels (contract 8.1). */
public interface JobLogger {

    void debug(String message);

    void info(String message);

    void warning(String message);

    void error(String message);

    void fatal(String message);
}
