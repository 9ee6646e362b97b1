package io.atende.gateway.engine;

import java.time.Instant;

/**
 * Receives what the engine process says. Calls come from the engine's own threads, one at a time and in the order
 * of the engine's output; an implementation may block them (that holds back the next line, which keeps order).
 */
public interface EngineListener {

    /** One event, read at {@code readAt} (Atende's receive time of a message: the SLA start). */
    void onEvent(EngineEvent event, Instant readAt);

    /** The engine (re)started, or was found unavailable: every channel must be started (again). */
    void onEngineStart();

    /** The engine process exited: its sessions are gone until it is back. */
    void onEngineExit(String reason);
}
