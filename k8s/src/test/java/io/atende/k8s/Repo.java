package io.atende.k8s;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository, the manifests and the upstream CRDs are (system properties set by k8s/pom.xml). */
final class Repo {

    private Repo() {
    }

    static Path root() {
        String configured = System.getProperty("atende.repo.root");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        root = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("k8s/base/kustomization.yaml"))) {
            throw new IllegalStateException("not the repository root (no k8s/base/kustomization.yaml): " + root);
        }
        return root;
    }

    static Path k8s() {
        return root().resolve("k8s");
    }

    static Path overlay(String name) {
        return k8s().resolve("overlays").resolve(name);
    }

    /** shared/k8s-crds beside the repository, unless -Datende.k8s.crds says otherwise. */
    static Path crds() {
        String configured = System.getProperty("atende.k8s.crds");
        Path crds = (configured != null ? Path.of(configured) : root().resolve("../shared/k8s-crds"))
                .toAbsolutePath().normalize();
        if (!Files.isDirectory(crds)) {
            throw new IllegalStateException("the CRDs for offline validation are missing: no folder " + crds
                    + " (a copy of shared/k8s-crds beside the repository; set -Datende.k8s.crds=... to point elsewhere)");
        }
        return crds;
    }
}
