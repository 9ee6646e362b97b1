package io.atende.gateway.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.atende.gateway.engine.EngineEvent.Ack;
import io.atende.gateway.engine.EngineEvent.Failure;
import io.atende.gateway.engine.EngineEvent.MessageUpsert;
import io.atende.gateway.engine.EngineEvent.Ready;
import io.atende.gateway.engine.EngineProtocol.MalformedLineException;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Reads one engine process's stdout: parses each line, answers commands, and hands everything else to the listener
 * in the order the engine wrote it. Messages written back to back (already read, up to {@value #MAX_MESSAGES_TOGETHER})
 * go to the listener together, so it can store them in one transaction. Unreadable lines are counted and skipped.
 */
final class EngineOutputReader {

    /** At most this many back-to-back messages share one transaction. */
    static final int MAX_MESSAGES_TOGETHER = 200;
    private static final Logger LOG = Logger.getLogger(ProcessEngine.class);
    private static final int LOGGED_LINE_LENGTH = 300;

    private final int maxLineLength;
    private final EngineCommands commands;
    private final EngineListener listener;
    private final Consumer<Ready> onReady;
    private final MeterRegistry registry;
    /** Lines read so far, and whether one is being handled: liveness only blames an idle reader. */
    private volatile long linesRead;
    private volatile boolean handling;

    EngineOutputReader(int maxLineLength, EngineCommands commands, EngineListener listener, Consumer<Ready> onReady,
            MeterRegistry registry) {
        this.maxLineLength = maxLineLength;
        this.commands = commands;
        this.listener = listener;
        this.onReady = onReady;
        this.registry = registry;
    }

    long linesRead() {
        return linesRead;
    }

    boolean handling() {
        return handling;
    }

    /** Reads until the stream ends (the process exited); an I/O failure ends it too. */
    void readAll(InputStream stdout) throws IOException {
        try (InputStreamReader reader = new InputStreamReader(stdout, StandardCharsets.UTF_8)) {
            BoundedLineReader lines = new BoundedLineReader(reader, maxLineLength);
            List<MessageUpsert> messages = new ArrayList<>();
            List<Instant> readAt = new ArrayList<>();
            BoundedLineReader.Line line;
            while ((line = lines.readLine()) != null) {
                linesRead++;
                if (line.tooLong()) {
                    registry.counter("atende.gateway.engine.malformed", "reason", "too-long").increment();
                    LOG.warnf("skipped an engine line longer than %d characters: %s", maxLineLength,
                            abbreviate(line.text()));
                    continue;
                }
                EngineEvent event = parse(line.text());
                if (event instanceof MessageUpsert message) {
                    messages.add(message);
                    readAt.add(Instant.now());
                    if (messages.size() < MAX_MESSAGES_TOGETHER && lines.ready()) {
                        continue;
                    }
                }
                handling = true;
                try {
                    if (!messages.isEmpty()) {
                        deliver(messages, readAt);
                    }
                    if (event != null && !(event instanceof MessageUpsert)) {
                        dispatch(event, Instant.now());
                    }
                } finally {
                    handling = false;
                }
            }
            if (!messages.isEmpty()) {
                deliver(messages, readAt);
            }
        }
    }

    private void deliver(List<MessageUpsert> messages, List<Instant> readAt) {
        try {
            listener.onMessages(List.copyOf(messages), List.copyOf(readAt));
        } catch (RuntimeException e) {
            LOG.errorf(e, "%d engine message(s) not handled", messages.size());
        } finally {
            messages.clear();
            readAt.clear();
        }
    }

    /** The line's event; null (counted, logged) for a blank or malformed line. */
    private EngineEvent parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            return EngineProtocol.parse(line);
        } catch (MalformedLineException e) {
            registry.counter("atende.gateway.engine.malformed", "reason", e.reason()).increment();
            LOG.warnf("skipped a malformed engine line (%s: %s): %s", e.reason(), e.getMessage(), abbreviate(line));
            return null;
        }
    }

    private void dispatch(EngineEvent event, Instant readAt) {
        switch (event) {
            case Ready hello -> onReady.accept(hello);
            case Ack ack -> {
                if (!commands.answer(ack)) {
                    LOG.debugf("late or unknown ack %s", ack.id());
                }
            }
            case Failure failure when commands.fail(failure) -> {
                // answered a command
            }
            default -> {
                try {
                    listener.onEvent(event, readAt);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "engine event not handled: %s", event.getClass().getSimpleName());
                }
            }
        }
    }

    static String abbreviate(String line) {
        return line.length() <= LOGGED_LINE_LENGTH ? line : line.substring(0, LOGGED_LINE_LENGTH) + "...";
    }
}
