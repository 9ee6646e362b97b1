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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.atende.gateway.engine.EngineEvent.Ready;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The engine as a supervised child process ({@code node <script>}) speaking the line-oriented JSON protocol of
 * docs/engine-protocol.md. One process serves every channel. This class supervises it: starts it, and when it exits
 * fails the pending commands, tells the listener, and starts a new process with a backoff (after which the listener
 * starts the channels again). Its other jobs have a class each: {@link EngineOutputReader} reads what the process
 * says, {@link EngineCommands} correlates commands with their answers, {@link EngineLiveness} kills a process that
 * stops answering, {@link EngineScript} finds the script to run.
 */
@ApplicationScoped
public class ProcessEngine implements WhatsAppEngine {

    private static final Logger LOG = Logger.getLogger(ProcessEngine.class);
    private static final Logger ENGINE_LOG = Logger.getLogger("io.atende.gateway.engine.process");
    /** What the engine process inherits of the gateway's environment (node, locale, time zone, proxies, CAs)... */
    private static final List<String> INHERITED_VARIABLES = List.of("PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "TZ",
            "NODE_EXTRA_CA_CERTS", "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "https_proxy", "http_proxy", "no_proxy");
    /** ... and the engines' own settings (docs/engine-protocol.md), which hold no secret. */
    private static final List<String> ENGINE_PREFIXES = List.of("ATENDE_ENGINE_", "ATENDE_BAILEYS_", "SIM_");
    /** A process that stayed up this long restarts with the initial backoff again. */
    private static final Duration STABLE = Duration.ofSeconds(60);

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
    private final MeterRegistry registry;
    private final Counter restarts;
    private final EngineCommands commands;
    private final EngineLiveness liveness;
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("engine-supervisor").daemon().factory());

    private volatile EngineListener listener;
    private volatile RunningEngine running;
    private volatile boolean ready;
    private volatile boolean stopping;
    private volatile boolean standingBy;
    private volatile String unavailableReason = "the engine has not started yet";
    private volatile Path script;
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
        this.registry = registry;
        this.commands = new EngineCommands(maxLineLength, registry);
        this.liveness = new EngineLiveness(pingTimeout, registry);
        this.restarts = Counter.builder("atende.gateway.engine.restarts")
                .description("engine processes started again after one exited").register(registry);
    }

    // ---- lifecycle --------------------------------------------------------------------------------------------

    @Override
    public void standBy(String reason) {
        standingBy = true;
        unavailableReason = reason;
    }

    @Override
    public boolean standingBy() {
        return standingBy;
    }

    @Override
    public void run(EngineListener listener) {
        standingBy = false;
        this.listener = listener;
        supervisor.execute(() -> {
            Optional<Path> found = EngineScript.locate(engine, configuredScript);
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
    @Override
    public void shutdown() {
        stopping = true;
        supervisor.shutdownNow();
        RunningEngine current = running;
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
        commands.shutdown("the gateway is shutting down");
    }

    private void spawn() {
        if (stopping) {
            return;
        }
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command, script.toString());
            engineEnvironment(builder.environment());
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
        EngineOutputReader output = new EngineOutputReader(maxLineLength, commands, listener, this::readied, registry);
        RunningEngine started = new RunningEngine(process, stdin, output, Instant.now());
        running = started;
        unavailableReason = null;
        LOG.infof("engine '%s' started: %s %s (pid %d)", engine, command, script, process.pid());
        Thread.ofPlatform().name("engine-stdout").daemon().start(() -> readOutput(started));
        Thread.ofPlatform().name("engine-stderr").daemon().start(() -> copyLog(process.getErrorStream()));
        notifyStart();
    }

    /**
     * The engine's whole environment: what node needs to run and reach the network, and the engine's own settings;
     * nothing else of the gateway's (its database password, Kafka credentials, link-token secret stay here).
     */
    private void engineEnvironment(Map<String, String> environment) {
        Map<String, String> inherited = Map.copyOf(environment);
        environment.clear();
        inherited.forEach((name, value) -> {
            if (passedToEngine(name)) {
                environment.put(name, value);
            }
        });
        // The engine bounds the command lines it reads with the same limit (engine/protocol.mjs).
        environment.put("ATENDE_ENGINE_MAX_LINE_BYTES", Integer.toString(maxLineLength));
        // Media content goes through files, not the pipe: the engine writes them here, the gateway takes them.
        environment.put("ATENDE_ENGINE_MEDIA_DIR", mediaDirectory().toString());
        environment.put("ATENDE_MEDIA_MAX_BYTES", Long.toString(mediaMaxBytes));
    }

    /** Whether the engine process gets this variable of the gateway's environment. */
    static boolean passedToEngine(String name) {
        return INHERITED_VARIABLES.contains(name) || ENGINE_PREFIXES.stream().anyMatch(name::startsWith);
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

    private void exited(RunningEngine gone) {
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
        String reason = liveness.killedForSilence(gone)
                ? "the engine process did not answer a ping within " + liveness.timeout().toMillis()
                        + " ms and was killed"
                : "the engine process exited with code " + code;
        unavailableReason = reason + "; restarting";
        commands.failAll(reason);
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

    private void readOutput(RunningEngine source) {
        try {
            source.output().readAll(source.process().getInputStream());
        } catch (IOException e) {
            if (!stopping) {
                LOG.warnf("reading the engine output failed: %s", e.getMessage());
            }
        } finally {
            exited(source);
        }
    }

    private void readied(Ready hello) {
        ready = true;
        LOG.infof("engine '%s' ready (protocol %s)", hello.engine(), hello.protocol());
        if (hello.protocol() != null && hello.protocol() != EngineProtocol.VERSION) {
            LOG.warnf("engine speaks protocol %s, the gateway %d", hello.protocol(), EngineProtocol.VERSION);
        }
    }

    private void copyLog(InputStream stderr) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                ENGINE_LOG.info(EngineOutputReader.abbreviate(line));
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** Where the engine writes downloaded media for the gateway to take (a private temporary directory). */
    @Override
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

    @Override
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

    @Override
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

    @Override
    public Uni<JsonNode> request(String name, Map<String, ?> fields) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            Uni<JsonNode> answer = Uni.createFrom().completionStage(() -> write(name, fields));
            return caller == null ? answer : answer.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    private CompletableFuture<JsonNode> write(String name, Map<String, ?> fields) {
        return write(running, name, fields, requestTimeout);
    }

    private CompletableFuture<JsonNode> write(RunningEngine target, String name, Map<String, ?> fields,
            Duration timeout) {
        if (target == null || stopping) {
            String reason = unavailableReason;
            return CompletableFuture.failedFuture(new EngineUnavailableException(
                    reason == null ? "the engine process is not running" : reason));
        }
        return commands.send(target.stdin(), name, fields, timeout);
    }

    private void ping() {
        RunningEngine target = running;
        if (target == null || !ready || stopping) {
            return;
        }
        liveness.check(target, () -> write(target, "ping", Map.of(), liveness.timeout()),
                candidate -> running == candidate && !stopping);
    }
}
