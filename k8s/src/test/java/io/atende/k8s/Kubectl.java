package io.atende.k8s;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.opentest4j.TestAbortedException;

/**
 * Renders a kustomization with kubectl's built-in kustomize ({@code kubectl kustomize DIR}), as {@code kubectl apply -k}
 * would. A missing kubectl fails the tests, unless ATENDE_ALLOW_NO_KUBECTL=true, which skips them instead.
 */
final class Kubectl {

    static final String ALLOW_MISSING = "ATENDE_ALLOW_NO_KUBECTL";
    private static final Map<Path, String> RENDERED = new ConcurrentHashMap<>();

    private Kubectl() {
    }

    /** The rendered YAML of a kustomization folder; the same folder is rendered once per test run. */
    static String kustomize(Path dir) {
        return RENDERED.computeIfAbsent(dir.toAbsolutePath().normalize(), Kubectl::run);
    }

    /** Renders without the cache: for copies that a test changed on disk. */
    static String kustomizeUncached(Path dir) {
        return run(dir.toAbsolutePath().normalize());
    }

    private static String run(Path dir) {
        String kubectl = executable(System.getProperty("atende.kubectl", "kubectl"), System.getenv());
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(kubectl, "kustomize", dir.toString())
                    .redirectError(err.toFile()).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " did not finish within 60 s");
            }
            String stderr = Files.readString(err);
            Files.deleteIfExists(err);
            if (process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "):\n"
                        + stderr);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("could not run " + kubectl + " kustomize " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while rendering " + dir, e);
        }
    }

    /** The kubectl to run: a path, or a name looked up on PATH. Fails (or skips, if allowed) when there is none. */
    static String executable(String configured, Map<String, String> env) {
        Optional<Path> found = find(configured, env.getOrDefault("PATH", ""));
        if (found.isPresent()) {
            return found.get().toString();
        }
        String looked = configured.contains(File.separator) ? "no executable file " + configured
                : "looked for '" + configured + "' on PATH";
        String message = "kubectl was not found (" + looked + "): the Kubernetes manifests in"
                + " k8s/ are rendered with 'kubectl kustomize' (kubectl 1.21+ has kustomize built in). Install kubectl,"
                + " point -Dkubectl=/path/to/kubectl at one, or set " + ALLOW_MISSING + "=true to skip these checks.";
        if ("true".equalsIgnoreCase(env.get(ALLOW_MISSING))) {
            throw new TestAbortedException(message);
        }
        throw new AssertionError(message);
    }

    private static Optional<Path> find(String configured, String path) {
        if (configured.contains(File.separator)) {
            Path file = Path.of(configured);
            return Files.isExecutable(file) ? Optional.of(file) : Optional.empty();
        }
        return List.of(path.split(File.pathSeparator)).stream()
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry, configured))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
