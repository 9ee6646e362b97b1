package io.atende.systemtests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.atende.localstack.DevTokens;

/**
 * {@link ChaosScenario} at scale: {@code ./bench.sh chaos [--messages 100000] [--contacts 500]}. Prints what was
 * sent, stored, lost and counted twice, and each fault with its recovery time.
 */
public final class ChaosBenchmark {

    private ChaosBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = PipelineBenchmark.options(args);
        int messages = options.getOrDefault("messages", 100_000);
        int contacts = options.getOrDefault("contacts", 500);
        Path root = Path.of(System.getProperty("atende.root", ".")).toAbsolutePath().normalize();
        System.out.printf("starting Kafka, PostgreSQL and the four services (logs in system-tests/target/chaos-bench)%n");
        try (AtendeSystem system = AtendeSystem.start(root, root.resolve("system-tests/target/chaos-bench"),
                Map.of("ATENDE_ENGINE", "simulator", "ATENDE_SLA_FIRST_RESPONSE", "20s"))) {
            Http admin = new Http(DevTokens.mint("admin", List.of("admin")));
            SimulatedChannels.link(admin, system.service(AtendeSystem.GATEWAY).baseUrl(), ChaosScenario.CHANNEL,
                    "Caos", "5511300020000");
            ChaosScenario.Result result = new ChaosScenario(system, admin)
                    .run(contacts, Math.max(1, messages / contacts), Duration.ofMinutes(15));
            System.out.println(result.describe());
            long extra = result.countedByReporting() - result.sent();
            System.out.printf("lost %,d, duplicated %,d (reporting) / %d (tickets)%n", result.sent() - result.stored(),
                    Math.max(0, extra), result.conversationsWithTwoTickets());
        }
        System.exit(0);
    }
}
