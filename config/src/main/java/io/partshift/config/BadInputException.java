package io.partshift.config;

/**
 * The user asked for something that cannot work (exit code 2). The message is one sentence that says what is
 * wrong and how to fix it; it is thrown before anything in the database changes.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
