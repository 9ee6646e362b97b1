package io.atende.gateway.engine;

import java.io.BufferedWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import io.atende.gateway.engine.EngineEvent.Ack;
import io.atende.gateway.engine.EngineEvent.Failure;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Commands to the engine and their answers: each command gets an id, is written to the process's stdin by one
 * writer thread (lines never interleave), and waits for the {@code ack} or {@code error} with that id, or times out.
 */
final class EngineCommands {

    private record Pending(String name, CompletableFuture<JsonNode> answer) {
    }

    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ExecutorService stdinWriter = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("engine-stdin").daemon().factory());
    private final int maxLineLength;
    private final MeterRegistry registry;

    EngineCommands(int maxLineLength, MeterRegistry registry) {
        this.maxLineLength = maxLineLength;
        this.registry = registry;
    }

    /** Writes the command to {@code stdin}; the answer's result, or a failure after {@code timeout}. */
    CompletableFuture<JsonNode> send(BufferedWriter stdin, String name, Map<String, ?> fields, Duration timeout) {
        String id = Long.toString(ids.incrementAndGet());
        String line = EngineProtocol.command(name, id, fields);
        if (line.length() > maxLineLength) {
            registry.counter("atende.gateway.engine.oversized-commands").increment();
            return CompletableFuture.failedFuture(new EngineCommandException(name, "line-too-long", "the " + name
                    + " command is " + line.length() + " characters long, over atende.engine.max-line-length ("
                    + maxLineLength + "); not sent"));
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, new Pending(name, answer));
        try {
            stdinWriter.execute(() -> {
                try {
                    stdin.write(line);
                    stdin.newLine();
                    stdin.flush();
                } catch (IOException e) {
                    pending.remove(id);
                    answer.completeExceptionally(new EngineUnavailableException(
                            "cannot write to the engine process: " + e.getMessage()));
                }
            });
        } catch (RejectedExecutionException e) {
            pending.remove(id);
            return CompletableFuture.failedFuture(new EngineUnavailableException("the gateway is shutting down"));
        }
        return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(failure -> {
            pending.remove(id);
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            return CompletableFuture.failedFuture(cause instanceof TimeoutException
                    ? new EngineUnavailableException("the engine did not answer " + name + " within "
                            + timeout.toMillis() + " ms")
                    : cause);
        });
    }

    /** Completes the command the ack answers; false if none waits for it (late, or unknown). */
    boolean answer(Ack ack) {
        Pending waiting = pending.remove(ack.id());
        if (waiting == null) {
            return false;
        }
        waiting.answer().complete(ack.result());
        return true;
    }

    /** Fails the command the failure answers; false if it answers none (then it is a channel's event). */
    boolean fail(Failure failure) {
        Pending waiting = failure.id() == null ? null : pending.remove(failure.id());
        if (waiting == null) {
            return false;
        }
        waiting.answer().completeExceptionally(new EngineCommandException(
                failure.command() == null ? waiting.name() : failure.command(), failure.code(), failure.message()));
        return true;
    }

    /** Fails every command still waiting (the process is gone). */
    void failAll(String reason) {
        for (String id : List.copyOf(pending.keySet())) {
            Pending waiting = pending.remove(id);
            if (waiting != null) {
                waiting.answer().completeExceptionally(new EngineUnavailableException(reason));
            }
        }
    }

    void shutdown(String reason) {
        stdinWriter.shutdownNow();
        failAll(reason);
    }
}
