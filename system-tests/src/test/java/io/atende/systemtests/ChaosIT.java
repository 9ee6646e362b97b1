package io.atende.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.atende.localstack.DevTokens;

/**
 * {@link ChaosScenario} with a few thousand messages in 40 conversations: after the crashes and the database's
 * dropped connections, every message is stored once, one ticket per conversation (nobody resolves one), one
 * first-response timer per ticket that breached (20 s, nobody answers) once, and the reports count the same.
 * {@code ./bench.sh chaos} runs it with 100,000 messages.
 */
class ChaosIT {

    private static final int CONTACTS = 40;
    private static AtendeSystem system;
    private static Http admin;

    @BeforeAll
    static void startTheSystem() {
        Path root = Path.of(System.getProperty("atende.root", "..")).toAbsolutePath().normalize();
        system = AtendeSystem.start(root, root.resolve("system-tests/target/chaos"),
                Map.of("ATENDE_ENGINE", "simulator", "ATENDE_SLA_FIRST_RESPONSE", "20s"));
        admin = new Http(DevTokens.mint("admin", List.of("admin")));
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void crashesAndADatabaseThatDropsItsConnectionsLoseAndRepeatNothing() throws Exception {
        SimulatedChannels.link(admin, system.service(AtendeSystem.GATEWAY).baseUrl(), ChaosScenario.CHANNEL, "Caos",
                "5511300020000");

        ChaosScenario.Result result = new ChaosScenario(system, admin)
                .run(CONTACTS, Integer.MAX_VALUE, Duration.ofSeconds(120));
        System.out.println(result.describe());

        assertThat(result.faults()).hasSize(5);
        assertThat(result.sent()).isGreaterThan(1_000);
        assertThat(result.stored()).isEqualTo(result.sent());
        assertThat(result.tickets()).isEqualTo(CONTACTS);
        assertThat(result.conversationsWithTwoTickets()).isZero();
        assertThat(result.firstResponseTimers()).isEqualTo(CONTACTS);
        assertThat(result.breachedTimers()).isEqualTo(CONTACTS);
        assertThat(result.laterCycles()).isZero();
        assertThat(result.reportedTickets()).isEqualTo(CONTACTS);
        assertThat(result.reportedBreaches()).isEqualTo(CONTACTS);
        assertThat(result.countedByReporting()).isEqualTo(result.sent());
    }
}
