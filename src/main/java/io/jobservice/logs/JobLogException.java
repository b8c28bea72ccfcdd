package io.jobservice.logs;

/** Why a job's log cannot be returned (contract 1.3, GET /api/v1/jobs/{id}/log). */
public final class JobLogException extends Exception {

    /** What went wrong. */
    public enum Kind {
        /** The id holds {@code ..}, a path separator or a control character: it cannot name a file. */
        TRAVERSAL,
        /** The id is not a job id (24 hex characters, optionally {@code @<epoch>}). */
        INVALID_ID,
        /** No FILE job logger is configured, so there is nothing to read logs from. */
        NO_GETTER,
        /** There is no log for this id on this node. */
        NOT_FOUND,
        /** The file exists but cannot be read. */
        IO
    }

    private final Kind kind;

    public JobLogException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
