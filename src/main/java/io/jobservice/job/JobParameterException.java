package io.jobservice.job;

/** Thrown by {@link Job#validate} when the parameters are not acceptable; the message goes to the client. */
public class JobParameterException extends Exception {

    public JobParameterException(String message) {
        super(message);
    }
}
