package io.jobservice.api;

/** Harbor's error codes and messages (contract 1.1), numbered from 10000 as in Harbor 1.8 and later. */
public enum ErrorCode {
    READ_REQUEST_BODY(10000, "read request body failed with error"),
    HANDLE_JSON(10001, "handle json data failed with error"),
    MISSING_BACKEND_HANDLER(10002, "missing backend controller to handle the requests"),
    LAUNCH_JOB(10003, "launch job failed with error"),
    CHECK_STATS(10004, "check stats of server failed with error"),
    GET_JOB_STATS(10005, "get job stats failed with error"),
    STOP_JOB(10006, "stop job failed with error"),
    RETRY_JOB(10007, "retry job failed with error"),
    UNKNOWN_ACTION(10008, "unknown job action name"),
    GET_JOB_LOG(10009, "failed to get the job log"),
    NOT_FOUND(10010, "object is not found"),
    UNAUTHORIZED(10011, "unauthorized"),
    CONFLICT(10012, "conflict"),
    BAD_REQUEST(10013, "bad request"),
    GET_JOBS(10014, "failed to get scheduled jobs"),
    GET_PERIODIC_EXECUTIONS(10015, "failed to get periodic executions"),
    STATUS_MISMATCH(10016, "mismatch job status");

    private final int code;
    private final String message;

    ErrorCode(int code, String message) {
        this.code = code;
        this.message = message;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }
}
