package io.atende.contracts;

/** A record that does not follow the contract. Consumers send it to the dead-letter topic and go on. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
