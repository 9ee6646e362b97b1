package io.atende.gateway.engine;

/** The engine answered a command with an {@code error} event. */
public class EngineCommandException extends RuntimeException {

    private final String command;
    private final String code;

    public EngineCommandException(String command, String code, String message) {
        super(command + " failed (" + code + "): " + message);
        this.command = command;
        this.code = code;
    }

    public String command() {
        return command;
    }

    /** The engine's error code, e.g. {@code unknown-channel}, {@code not-implemented}. */
    public String code() {
        return code;
    }
}
