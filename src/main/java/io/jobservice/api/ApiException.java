package io.jobservice.api;

/** An API failure with its HTTP status and Harbor error code; rendered as {@code {code, message, details}}. */
public class ApiException extends RuntimeException {

    private final int httpStatus;
    private final ErrorCode errorCode;
    private final String details;

    public ApiException(int httpStatus, ErrorCode errorCode, String details) {
        super(errorCode.message() + (details == null ? "" : ": " + details));
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.details = details;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public String details() {
        return details;
    }
}
