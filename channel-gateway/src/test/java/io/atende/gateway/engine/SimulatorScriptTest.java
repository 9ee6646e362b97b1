package io.atende.gateway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.atende.gateway.engine.EngineEvent.Ack;
import io.atende.gateway.engine.EngineEvent.Failure;
import io.atende.gateway.engine.EngineEvent.Ready;

/** The simulator script with the shared protocol module (engine/protocol.mjs), run by node on its own. */
class SimulatorScriptTest {

    @Test
    void commandLineOverTheLimitIsAnsweredWithLineTooLongAndTheNextCommandsStillWork() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("node", Path.of("engine", "simulator.mjs").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("ATENDE_ENGINE_MAX_LINE_BYTES", "1000");
        Process process = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                BufferedWriter in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8))) {
            assertThat(EngineProtocol.parse(out.readLine())).isInstanceOf(Ready.class);
            in.write("{\"cmd\":\"sim.raw\",\"id\":\"1\",\"line\":\"" + "x".repeat(5000) + "\"}\n");
            in.write("{\"cmd\":\"ping\",\"id\":\"2\"}\n");
            in.write("{\"cmd\":\"teleport\",\"id\":\"3\"}\n");
            in.flush();

            EngineEvent rejected = EngineProtocol.parse(out.readLine());
            assertThat(rejected).isInstanceOf(Failure.class);
            assertThat(((Failure) rejected).code()).isEqualTo("line-too-long");
            assertThat(((Failure) rejected).id()).isNull();
            EngineEvent pong = EngineProtocol.parse(out.readLine());
            assertThat(pong).isInstanceOf(Ack.class);
            assertThat(((Ack) pong).id()).isEqualTo("2");
            assertThat(((Ack) pong).result().has("pong")).isTrue();
            EngineEvent unknown = EngineProtocol.parse(out.readLine());
            assertThat(((Failure) unknown).id()).isEqualTo("3");
            assertThat(((Failure) unknown).code()).isEqualTo("unknown-command");
        } finally {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertThat(process.exitValue()).as("the engine exits when its stdin closes").isZero();
    }
}
