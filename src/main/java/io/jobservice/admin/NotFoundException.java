package io.jobservice.admin;

/** The job or job type an operator acted on does not exist (the API answers 404). */
public final class NotFoundException extends RuntimeException {

    public NotFoundException(String what) {
        super(what);
    }
}
