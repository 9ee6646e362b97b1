package io.atende.gateway.engine;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.atende.gateway.engine.EngineEvent.Ack;
import io.atende.gateway.engine.EngineEvent.Failure;
import io.atende.gateway.engine.EngineEvent.MessageUpsert;
import io.atende.gateway.engine.EngineEvent.Ready;
import io.atende.gateway.engine.EngineProtocol.MalformedLineException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The engine as a supervised child process ({@code node <script>}) speaking the line-oriented JSON protocol of
 * docs/engine-protocol.md. One process serves every channel. If it exits, pending commands fail, the listener hears
 * of it, and a new process is started with a backoff, after which the listener starts the channels again.
 * Lines the gateway cannot read are logged and counted ({@code atende.gateway.engine.malformed}), never fatal.
 */
@ApplicationScoped
public class ProcessEngine implements WhatsAppEngine {

    public static final String SIMULATOR = "simulator";
    /** At most this many back-to-back messages share one transaction. */
    private static final int MAX_MESSAGES_TOGETHER = 200;
    private static final Logger LOG = Logger.getLogger(ProcessEngine.class);
    private static final Logger ENGINE_LOG = Logger.getLogger("io.atende.gateway.engine.process");
    /** A process that stayed up this long restarts with the initial backoff again. */
    private static final Duration STABLE = Duration.ofSeconds(60);
    private static final int LOGGED_LINE_LENGTH = 300;

    private final String engine;
    private final String command;
    private final Optional<String> configuredScript;
    private final Duration requestTimeout;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int maxLineLength;
    private final long mediaMaxBytes;
    private volatile Path mediaDirectory;
    private final Duration pingEvery;
    private final Duration pingTimeout;
    private final MeterRegistry registry;
    private final Counter restarts;
    private final Counter unresponsive;

    private final AtomicLong ids = new AtomicLong();
    private final Map<String, PendingCommand> pending = new ConcurrentHashMap<>();
    private final ExecutorService stdinWriter = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("engine-stdin").daemon().factory());
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("engine-supervisor").daemon().factory());

    private record PendingCommand(String name, CompletableFuture<JsonNode> answer) {
    }

    /** The running process and the stream commands go to; replaced as a whole on restart. */
    private record Running(Process process, BufferedWriter stdin, Instant startedAt) {
    }

    private volatile EngineListener listener;
    private volatile Running running;
    private volatile boolean ready;
    private volatile boolean stopping;
    private volatile boolean standingBy;
    private volatile String unavailableReason = "the engine has not started yet";
    private volatile Path script;
    /** Lines read from the current process, and whether one is being handled: a ping only blames an idle reader. */
    private volatile long linesRead;
    private volatile boolean handling;
    private final AtomicBoolean pingOutstanding = new AtomicBoolean();
    /** The process this gateway killed for not answering a ping, so its exit is reported as such. */
    private volatile Running killedForSilence;
    /** Touched by the supervisor thread only. */
    private Duration backoff;
    /** Whether the channels already heard that the process cannot be started (so retries do not repeat it). */
    private boolean spawnFailureAnnounced;

    public ProcessEngine(@ConfigProperty(name = "atende.engine") String engine,
            @ConfigProperty(name = "atende.engine.command", defaultValue = "node") String command,
            @ConfigProperty(name = "atende.engine.script") Optional<String> configuredScript,
            @ConfigProperty(name = "atende.engine.request-timeout", defaultValue = "10s") Duration requestTimeout,
            @ConfigProperty(name = "atende.engine.restart-backoff", defaultValue = "1s") Duration initialBackoff,
            @ConfigProperty(name = "atende.engine.restart-backoff-max", defaultValue = "30s") Duration maxBackoff,
            @ConfigProperty(name = "atende.engine.max-line-length", defaultValue = "8388608") int maxLineLength,
            @ConfigProperty(name = "atende.engine.ping-every", defaultValue = "15s") Duration pingEvery,
            @ConfigProperty(name = "atende.engine.ping-timeout", defaultValue = "10s") Duration pingTimeout,
            @ConfigProperty(name = "atende.media.max-bytes") long mediaMaxBytes,
            MeterRegistry registry) {
        this.engine = engine.strip().toLowerCase();
        this.command = command;
        this.configuredScript = configuredScript.filter(path -> !path.isBlank());
        this.requestTimeout = requestTimeout;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.backoff = initialBackoff;
        this.maxLineLength = maxLineLength;
        this.mediaMaxBytes = mediaMaxBytes;
        this.pingEvery = pingEvery;
        this.pingTimeout = pingTimeout;
        this.registry = registry;
        this.unresponsive = Counter.builder("atende.gateway.engine.unresponsive")
                .description("engine processes killed for not answering a ping in time").register(registry);
        this.restarts = Counter.builder("atende.gateway.engine.restarts")
                .description("engine processes started again after one exited").register(registry);
    }

    // ---- lifecycle --------------------------------------------------------------------------------------------

    /** This instance waits for the engine lease: another gateway instance runs the engine. */
    public void standBy(String reason) {
        standingBy = true;
        unavailableReason = reason;
    }

    /** True while this instance waits for the engine lease (it then neither runs the engine nor fails channels). */
    public boolean standingBy() {
        return standingBy;
    }

    /** Starts the engine (asynchronously) and reports to {@code listener} from now on. */
    public void run(EngineListener listener) {
        standingBy = false;
        this.listener = listener;
        supervisor.execute(() -> {
            Optional<Path> found = locateScript();
            if (found.isEmpty()) {
                unavailableReason = "the '" + engine + "' engine is not installed: there is no engine/" + engine
                        + "/engine.mjs with its node_modules (npm ci) nor engine/" + engine + ".mjs, and"
                        + " atende.engine.script is not set. Start the gateway with ATENDE_ENGINE=simulator"
                        + " to run the simulator engine.";
                LOG.errorf("WhatsApp engine unavailable: %s Channels stay FAILED until an engine runs.",
                        unavailableReason);
                notifyStart();
                return;
            }
            script = found.get();
            spawn();
            if (!pingEvery.isZero()) {
                supervisor.scheduleWithFixedDelay(this::ping, pingEvery.toMillis(), pingEvery.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Stops the process: closes its stdin (an engine exits on that), then kills it if it lingers. */
    public void shutdown() {
        stopping = true;
        supervisor.shutdownNow();
        Running current = running;
        running = null;
        ready = false;
        if (current != null) {
            try {
                current.stdin().close();
            } catch (IOException e) {
                // already gone
            }
            try {
                if (!current.process().waitFor(3, TimeUnit.SECONDS)) {
                    current.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                current.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        stdinWriter.shutdownNow();
        failPending("the gateway is shutting down");
    }

    private void spawn() {
        if (stopping) {
            return;
        }
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command, script.toString());
            // The engine bounds the command lines it reads with the same limit (engine/protocol.mjs).
            builder.environment().put("ATENDE_ENGINE_MAX_LINE_BYTES", Integer.toString(maxLineLength));
            // Media content goes through files, not the pipe: the engine writes them here, the gateway takes them.
            builder.environment().put("ATENDE_ENGINE_MEDIA_DIR", mediaDirectory().toString());
            builder.environment().put("ATENDE_MEDIA_MAX_BYTES", Long.toString(mediaMaxBytes));
            process = builder.start();
        } catch (IOException e) {
            unavailableReason = "cannot start the engine process '" + command + " " + script + "': " + e.getMessage();
            LOG.errorf("%s; retrying in %d ms", unavailableReason, backoff.toMillis());
            if (!spawnFailureAnnounced) {
                spawnFailureAnnounced = true;
                notifyStart();
            }
            scheduleSpawn();
            return;
        }
        spawnFailureAnnounced = false;
        BufferedWriter stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        Running started = new Running(process, stdin, Instant.now());
        linesRead = 0;
        running = started;
        unavailableReason = null;
        LOG.infof("engine '%s' started: %s %s (pid %d)", engine, command, script, process.pid());
        Thread.ofPlatform().name("engine-stdout").daemon().start(() -> readEvents(started));
        Thread.ofPlatform().name("engine-stderr").daemon().start(() -> copyLog(process.getErrorStream()));
        notifyStart();
    }

    private void notifyStart() {
        try {
            listener.onEngineStart();
        } catch (RuntimeException e) {
            LOG.errorf(e, "starting the channels on the engine failed");
        }
    }

    private void scheduleSpawn() {
        if (stopping) {
            return;
        }
        Duration delay = backoff;
        backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        try {
            supervisor.schedule(this::spawn, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private void exited(Running gone) {
        int code;
        try {
            code = gone.process().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (running == gone) {
            running = null;
        }
        ready = false;
        if (stopping) {
            return;
        }
        String reason = killedForSilence == gone
                ? "the engine process did not answer a ping within " + pingTimeout.toMillis() + " ms and was killed"
                : "the engine process exited with code " + code;
        unavailableReason = reason + "; restarting";
        failPending(reason);
        LOG.warnf("%s; starting it again", reason);
        boolean wasStable = Duration.between(gone.startedAt(), Instant.now()).compareTo(STABLE) > 0;
        try {
            listener.onEngineExit(reason);
        } catch (RuntimeException e) {
            LOG.errorf(e, "handling the engine exit failed");
        }
        restarts.increment();
        try {
            supervisor.execute(() -> {
                if (wasStable) {
                    backoff = initialBackoff;
                }
                scheduleSpawn();
            });
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    // ---- reading ----------------------------------------------------------------------------------------------

    private void readEvents(Running source) {
        try (InputStreamReader stdout = new InputStreamReader(source.process().getInputStream(), StandardCharsets.UTF_8)) {
            BoundedLineReader lines = new BoundedLineReader(stdout, maxLineLength);
            // Messages the engine wrote back to back, already read: handed over together (one transaction).
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
                        handle(event, Instant.now());
                    }
                } finally {
                    handling = false;
                }
            }
            if (!messages.isEmpty()) {
                deliver(messages, readAt);
            }
        } catch (IOException e) {
            if (!stopping) {
                LOG.warnf("reading the engine output failed: %s", e.getMessage());
            }
        } finally {
            exited(source);
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

    void handleLine(String line, Instant readAt) {
        EngineEvent event = parse(line);
        if (event instanceof MessageUpsert message) {
            deliver(new ArrayList<>(List.of(message)), new ArrayList<>(List.of(readAt)));
        } else if (event != null) {
            handle(event, readAt);
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

    private void handle(EngineEvent event, Instant readAt) {
        switch (event) {
            case Ready hello -> {
                ready = true;
                LOG.infof("engine '%s' ready (protocol %s)", hello.engine(), hello.protocol());
                if (hello.protocol() != null && hello.protocol() != EngineProtocol.VERSION) {
                    LOG.warnf("engine speaks protocol %s, the gateway %d", hello.protocol(), EngineProtocol.VERSION);
                }
            }
            case Ack ack -> {
                PendingCommand waiting = pending.remove(ack.id());
                if (waiting == null) {
                    LOG.debugf("late or unknown ack %s", ack.id());
                } else {
                    waiting.answer().complete(ack.result());
                }
            }
            case Failure failure when failure.id() != null && pending.containsKey(failure.id()) -> {
                PendingCommand waiting = pending.remove(failure.id());
                if (waiting != null) {
                    waiting.answer().completeExceptionally(new EngineCommandException(
                            failure.command() == null ? waiting.name() : failure.command(), failure.code(),
                            failure.message()));
                }
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

    private void copyLog(InputStream stderr) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                ENGINE_LOG.info(abbreviate(line));
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= LOGGED_LINE_LENGTH ? line : line.substring(0, LOGGED_LINE_LENGTH) + "...";
    }

    /** Where the engine writes downloaded media for the gateway to take (a private temporary directory). */
    public Path mediaDirectory() {
        Path directory = mediaDirectory;
        if (directory == null) {
            synchronized (this) {
                if (mediaDirectory == null) {
                    try {
                        mediaDirectory = Files.createTempDirectory("atende-media-");
                        mediaDirectory.toFile().deleteOnExit();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot create the engine's media directory", e);
                    }
                }
                directory = mediaDirectory;
            }
        }
        return directory;
    }

    // ---- commands ---------------------------------------------------------------------------------------------

    @Override
    public String name() {
        return engine;
    }

    @Override
    public boolean available() {
        return running != null && unavailableReason == null;
    }

    @Override
    public String unavailableReason() {
        return running != null ? null : unavailableReason;
    }

    /** True once the running process said {@code ready}. */
    public boolean ready() {
        return available() && ready;
    }

    @Override
    public Uni<Void> start(String channelId, JsonNode auth) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("channelId", channelId);
        fields.put("auth", auth);
        return request("start", fields).replaceWithVoid();
    }

    /** Tells the engine that the credentials it sent as {@code seq} are stored (committed). Fire and forget. */
    public void authStored(String channelId, long seq) {
        request("auth-stored", Map.of("channelId", channelId, "seq", seq)).subscribe().with(ignored -> {
        }, failure -> LOG.warnf("could not confirm stored credentials %d of channel %s to the engine: %s", seq,
                channelId, failure.getMessage()));
    }

    @Override
    public Uni<Void> stop(String channelId) {
        return request("stop", Map.of("channelId", channelId)).replaceWithVoid();
    }

    @Override
    public Uni<Void> logout(String channelId) {
        return request("logout", Map.of("channelId", channelId)).replaceWithVoid();
    }

    @Override
    public Uni<String> send(String channelId, String toJid, String text, String messageId) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("channelId", channelId);
        fields.put("to", toJid);
        fields.put("text", text);
        fields.put("messageId", messageId);
        return request("send", fields)
                .map(result -> result == null ? messageId : result.path("messageId").asText(messageId));
    }

    @Override
    public Uni<String> requestPairingCode(String channelId, String phoneNumber) {
        return request("pairing-code", Map.of("channelId", channelId, "phoneNumber", phoneNumber))
                .map(result -> result == null ? null : result.path("code").asText(null));
    }

    /**
     * Sends any command (the simulator's {@code sim.*} controls too) and answers with the {@code ack}'s result. The
     * answer arrives on the caller's Vert.x context, if it has one.
     */
    public Uni<JsonNode> request(String name, Map<String, ?> fields) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            Uni<JsonNode> answer = Uni.createFrom().completionStage(() -> write(name, fields));
            return caller == null ? answer : answer.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    private CompletableFuture<JsonNode> write(String name, Map<String, ?> fields) {
        return write(name, fields, requestTimeout);
    }

    private CompletableFuture<JsonNode> write(String name, Map<String, ?> fields, Duration timeout) {
        Running target = running;
        if (target == null || stopping) {
            String reason = unavailableReason;
            return CompletableFuture.failedFuture(new EngineUnavailableException(
                    reason == null ? "the engine process is not running" : reason));
        }
        String id = Long.toString(ids.incrementAndGet());
        String line = EngineProtocol.command(name, id, fields);
        if (line.length() > maxLineLength) {
            registry.counter("atende.gateway.engine.oversized-commands").increment();
            return CompletableFuture.failedFuture(new EngineCommandException(name, "line-too-long", "the " + name
                    + " command is " + line.length() + " characters long, over atende.engine.max-line-length ("
                    + maxLineLength + "); not sent"));
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, new PendingCommand(name, answer));
        try {
            stdinWriter.execute(() -> {
                try {
                    target.stdin().write(line);
                    target.stdin().newLine();
                    target.stdin().flush();
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

    /**
     * Liveness: an engine that does not answer a {@code ping} in time is killed, and so restarted with the backoff
     * like any engine that exits. It is blamed only if it wrote nothing at all since the ping while the gateway was
     * idle: a reader busy with an earlier event (a slow database) has simply not got to the answer yet.
     */
    private void ping() {
        Running target = running;
        // One ping at a time: pings piled up behind a hung engine would each count (and kill) it again.
        if (target == null || !ready || stopping || !pingOutstanding.compareAndSet(false, true)) {
            return;
        }
        long before = linesRead;
        write("ping", Map.of(), pingTimeout).whenComplete((pong, failure) -> {
            try {
                // Already killed: a ping written while it was dying fails at once and must not count it again.
                if (failure == null || killedForSilence == target || running != target || stopping
                        || linesRead != before || handling || !target.process().isAlive()) {
                    return;
                }
                LOG.errorf("the engine process (pid %d) did not answer a ping within %d ms: killing it so that it"
                        + " is restarted", target.process().pid(), pingTimeout.toMillis());
                unresponsive.increment();
                killedForSilence = target;
                target.process().destroyForcibly();
            } finally {
                pingOutstanding.set(false);
            }
        });
    }

    private void failPending(String reason) {
        for (String id : List.copyOf(pending.keySet())) {
            PendingCommand waiting = pending.remove(id);
            if (waiting != null) {
                waiting.answer().completeExceptionally(new EngineUnavailableException(reason));
            }
        }
    }

    // ---- the script -------------------------------------------------------------------------------------------

    private static final String PROTOCOL_MODULE = "protocol.mjs";

    /** Copies a bundled engine file into the directory, to be removed when the JVM exits. */
    private static Path extract(InputStream in, Path directory, String name) throws IOException {
        Path extracted = directory.resolve(name);
        Files.copy(in, extracted);
        extracted.toFile().deleteOnExit();
        return extracted;
    }

    private static InputStream resource(String name) {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name);
        return in != null ? in : ProcessEngine.class.getClassLoader().getResourceAsStream(name);
    }

    /**
     * The configured script (a path relative to the working directory, or to {@code channel-gateway/} below it), or
     * else the engine's script bundled in the jar ({@code engine/<engine>.mjs}), extracted to a temporary file.
     */
    private Optional<Path> locateScript() {
        if (configuredScript.isPresent()) {
            Path path = Path.of(configuredScript.get());
            for (Path candidate : List.of(path, Path.of("channel-gateway").resolve(path))) {
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate.toAbsolutePath());
                }
            }
            LOG.errorf("atende.engine.script %s does not exist (working directory %s)", path,
                    Path.of("").toAbsolutePath());
            return Optional.empty();
        }
        // An engine with dependencies (Baileys) is a directory with its node_modules: engine/<engine>/engine.mjs.
        for (Path directory : List.of(Path.of("engine", engine), Path.of("channel-gateway", "engine", engine))) {
            Path candidate = directory.resolve("engine.mjs");
            if (Files.isRegularFile(candidate)) {
                if (!Files.isDirectory(directory.resolve("node_modules"))) {
                    LOG.errorf("%s has no node_modules: run npm ci in %s (the Maven build does, unless"
                            + " -Datende.npm.skip=true)", candidate.toAbsolutePath(), directory.toAbsolutePath());
                    return Optional.empty();
                }
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        String resource = "engine/" + engine + ".mjs";
        try (InputStream source = resource(resource); InputStream protocol = resource("engine/" + PROTOCOL_MODULE)) {
            if (source == null) {
                return Optional.empty();
            }
            if (protocol == null) {
                throw new IOException("engine/" + PROTOCOL_MODULE + " is not in the jar");
            }
            Path directory = Files.createTempDirectory("atende-engine-");
            directory.toFile().deleteOnExit();
            Path extracted = extract(source, directory, engine + ".mjs");
            // The engine imports the shared protocol module from beside it.
            extract(protocol, directory, PROTOCOL_MODULE);
            return Optional.of(extracted);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource, e);
        }
    }
}
