package io.atende.gateway.engine;

import java.time.Instant;
import java.util.List;

import io.atende.gateway.engine.EngineEvent.MessageUpsert;

/**
 * Receives what the engine process says. Calls come from the engine's own threads, one at a time and in the order
 * of the engine's output; an implementation may block them (that holds back the next line, which keeps order).
 */
public interface EngineListener {

    /** One event, read at {@code readAt} (Atende's receive time of a message: the SLA start). */
    void onEvent(EngineEvent event, Instant readAt);

    /**
     * Messages the engine wrote back to back (one or more), in order, each with its read time; an implementation may
     * take them in together. By default they are handled one by one.
     */
    default void onMessages(List<MessageUpsert> messages, List<Instant> readAt) {
        for (int i = 0; i < messages.size(); i++) {
            onEvent(messages.get(i), readAt.get(i));
        }
    }

    /** The engine (re)started, or was found unavailable: every channel must be started (again). */
    void onEngineStart();

    /** The engine process exited: its sessions are gone until it is back. */
    void onEngineExit(String reason);
}
