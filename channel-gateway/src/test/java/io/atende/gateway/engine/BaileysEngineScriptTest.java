package io.atende.gateway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.atende.contracts.JsonCodec;
import io.atende.gateway.engine.EngineEvent.Ack;
import io.atende.gateway.engine.EngineEvent.Disconnected;
import io.atende.gateway.engine.EngineEvent.Qr;
import io.atende.gateway.engine.EngineEvent.Ready;

/**
 * The Baileys engine script on its own: it loads (its npm dependencies installed by the build), speaks the protocol,
 * and answers {@code start} with either a QR (when WhatsApp can be reached) or a clear {@code disconnected} event
 * saying why not (offline, as on this build machine). It cannot be tested against WhatsApp itself here.
 */
class BaileysEngineScriptTest {

    private static final Path SCRIPT = Path.of("engine", "baileys", "engine.mjs");

    @Test
    void scriptLoadsSpeaksTheProtocolAndAnswersStartWithAQrOrTheReasonItCannotConnect() throws Exception {
        assertThat(SCRIPT.resolveSibling("node_modules")).as("npm ci in engine/baileys (the Maven build does it)")
                .isDirectory();
        Process process = new ProcessBuilder("node", SCRIPT.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception e) {
                // process gone
            }
        });
        try (BufferedWriter in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8))) {
            assertThat(next(lines, Duration.ofSeconds(30))).isInstanceOf(Ready.class);
            in.write("{\"cmd\":\"start\",\"id\":\"1\",\"channelId\":\"probe\"}\n");
            in.write("{\"cmd\":\"teleport\",\"id\":\"2\"}\n");
            in.write("{\"cmd\":\"send\",\"id\":\"3\",\"channelId\":\"probe\",\"to\":\"5511987654321@s.whatsapp.net\",\"text\":\"oi\"}\n");
            in.flush();
            List<EngineEvent> events = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(40);
            while (Instant.now().isBefore(deadline)
                    && events.stream().noneMatch(event -> event instanceof Qr || event instanceof Disconnected)) {
                EngineEvent event = next(lines, Duration.between(Instant.now(), deadline));
                if (event != null) {
                    events.add(event);
                }
            }
            assertThat(events).anySatisfy(event -> assertThat(event).isEqualTo(new Ack("1", null)));
            assertThat(events).anySatisfy(event -> {
                assertThat(event).isInstanceOf(EngineEvent.Failure.class);
                assertThat(((EngineEvent.Failure) event).id()).isEqualTo("2");
                assertThat(((EngineEvent.Failure) event).code()).isEqualTo("unknown-command");
            });
            assertThat(events).anySatisfy(event -> {
                assertThat(event).isInstanceOf(EngineEvent.Failure.class);
                assertThat(((EngineEvent.Failure) event).id()).isEqualTo("3");
                assertThat(((EngineEvent.Failure) event).code()).isEqualTo("not-connected");
            });
            EngineEvent outcome = events.stream().filter(event -> event instanceof Qr || event instanceof Disconnected)
                    .findFirst().orElseThrow(() -> new AssertionError("neither a QR nor a disconnect: " + events));
            if (outcome instanceof Disconnected disconnected) {
                assertThat(disconnected.channelId()).isEqualTo("probe");
                assertThat(disconnected.reason()).isNotBlank();
                assertThat(disconnected.reconnecting()).isTrue();
            } else {
                assertThat(((Qr) outcome).qr()).isNotBlank();
            }
        } finally {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertThat(process.exitValue()).as("the engine exits when the gateway closes its stdin").isZero();
    }

    private static EngineEvent next(BlockingQueue<String> lines, Duration timeout) throws Exception {
        String line = lines.poll(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        if (line == null) {
            return null;
        }
        JsonNode node = JsonCodec.mapper().readTree(line);
        assertThat(node.isObject()).as("every stdout line is one JSON object: %s", line).isTrue();
        return EngineProtocol.parse(line);
    }
}
