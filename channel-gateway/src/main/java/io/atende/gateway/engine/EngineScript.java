package io.atende.gateway.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * Finds the script the engine process runs: the configured one, an engine with its dependencies installed
 * ({@code engine/<engine>/engine.mjs} beside its node_modules), or the engine bundled in the jar, extracted.
 */
final class EngineScript {

    private static final Logger LOG = Logger.getLogger(EngineScript.class);
    private static final String PROTOCOL_MODULE = "protocol.mjs";

    private EngineScript() {
    }

    /**
     * The configured script (a path relative to the working directory, or to {@code channel-gateway/} below it), or
     * else the engine's script bundled in the jar ({@code engine/<engine>.mjs}), extracted to a temporary file.
     */
    static Optional<Path> locate(String engine, Optional<String> configured) {
        if (configured.isPresent()) {
            Path path = Path.of(configured.get());
            for (Path candidate : List.of(path, Path.of("channel-gateway").resolve(path))) {
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate.toAbsolutePath());
                }
            }
            LOG.errorf("atende.engine.script %s does not exist (working directory %s)", path,
                    Path.of("").toAbsolutePath());
            return Optional.empty();
        }
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
        return extractBundled(engine);
    }

    private static Optional<Path> extractBundled(String engine) {
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

    /** Copies a bundled engine file into the directory, to be removed when the JVM exits. */
    private static Path extract(InputStream in, Path directory, String name) throws IOException {
        Path extracted = directory.resolve(name);
        Files.copy(in, extracted);
        extracted.toFile().deleteOnExit();
        return extracted;
    }

    private static InputStream resource(String name) {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name);
        return in != null ? in : EngineScript.class.getClassLoader().getResourceAsStream(name);
    }
}
