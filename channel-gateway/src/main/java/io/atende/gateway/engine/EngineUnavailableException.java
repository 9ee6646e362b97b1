package io.atende.gateway.engine;

/** The engine cannot take commands: not implemented, not started yet, restarting, or it did not answer. */
public class EngineUnavailableException extends RuntimeException {

    public EngineUnavailableException(String message) {
        super(message);
    }
}
