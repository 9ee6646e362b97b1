package io.atende.k8s;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the tests share, loaded once per run: the CRD schemas, the services' configuration, the topic contract. */
final class Fixtures {

    static final List<String> OVERLAYS = List.of("dev", "prod");

    private static CrdSchemas crds;
    private static Map<String, ServiceProperties> services;
    private static TopicContract contract;

    private Fixtures() {
    }

    static synchronized CrdSchemas crds() {
        if (crds == null) {
            crds = CrdSchemas.load(Repo.crds());
        }
        return crds;
    }

    static synchronized Map<String, ServiceProperties> services() {
        if (services == null) {
            Map<String, ServiceProperties> all = new LinkedHashMap<>();
            ServiceProperties.SERVICES.forEach(s -> all.put(s, ServiceProperties.of(s)));
            services = all;
        }
        return services;
    }

    static synchronized TopicContract contract() {
        if (contract == null) {
            contract = TopicContract.load();
        }
        return contract;
    }

    static List<String> schemaProblems(Manifest manifest) {
        return ManifestChecks.schemas(manifest, crds());
    }

    static List<String> crossCheckProblems(Manifest manifest) {
        return ManifestChecks.crossCheck(manifest, services(), contract());
    }
}
