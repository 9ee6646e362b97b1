package io.atende.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.atende.localstack.DevTokens;
import io.atende.localstack.LocalPostgres;

/**
 * The whole system under a steady load of customer messages (emitted by the gateway's simulator) while its parts
 * fail one after the other: each of ticketing's two replicas, sla-service and reporting-service killed with SIGKILL
 * and started again, and ticketing's database dropping every connection for a while. Afterwards nothing is lost
 * and nothing counted twice: every message stored once, one ticket per conversation, one first-response timer per
 * ticket that breached once, and the reports equal to what was sent. Not covered here: a broker restart (the
 * embedded broker lives in this JVM) and a gateway crash (the simulator does not redeliver what it emitted, as
 * WhatsApp would).
 */
class ChaosIT {

    private static final String CHANNEL = "caos";
    private static final int CONTACTS = 40;
    private static final String FIRST_NUMBER = "5511970000000";
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
        String gateway = system.service(AtendeSystem.GATEWAY).baseUrl();
        SimulatedChannels.link(admin, gateway, CHANNEL, "Caos", "5511300020000");
        system.startReplica(AtendeSystem.TICKETING, "ticketing-service-2");

        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        List<Throwable> loadFailures = new ArrayList<>();
        Thread load = new Thread(() -> {
            int burst = 0;
            while (loading.get()) {
                int count = CONTACTS;
                Http.Reply reply = admin.post(gateway + "/simulator/channels/" + CHANNEL + "/burst",
                        Map.of("count", count, "contacts", CONTACTS, "firstNumber", FIRST_NUMBER,
                                "text", "rajada " + burst++));
                if (reply.status() < 300) {
                    sent.addAndGet(count);
                } else {
                    loadFailures.add(new AssertionError("burst refused: " + reply.status() + " " + reply.body()));
                }
                pause(Duration.ofMillis(200));
            }
        }, "chaos-load");
        load.start();

        pause(Duration.ofSeconds(3));
        List<String> faults = new ArrayList<>();
        for (String crashed : List.of(AtendeSystem.TICKETING, AtendeSystem.SLA, "database", AtendeSystem.REPORTING,
                "ticketing-service-2")) {
            long started = System.nanoTime();
            if (crashed.equals("database")) {
                dropConnections("atende_ticketing", Duration.ofSeconds(5));
                faults.add("ticketing's database dropped every connection for 5 s");
            } else {
                system.crashAndRestart(crashed);
                faults.add(crashed + " killed (SIGKILL), ready again after "
                        + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
            }
        }
        pause(Duration.ofSeconds(2));
        loading.set(false);
        load.join();
        assertThat(loadFailures).isEmpty();
        int messages = sent.get();
        assertThat(messages).isGreaterThan(200);

        // Every message stored once, on one ticket per conversation (nobody resolves one here).
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> count("atende_ticketing", "select count(*) from ticket_message where channel_id = ?"
                        + " and direction = 'INBOUND'") >= messages);
        assertThat(count("atende_ticketing", "select count(*) from ticket_message where channel_id = ?"
                + " and direction = 'INBOUND'")).isEqualTo(messages);
        assertThat(count("atende_ticketing", "select count(*) from ticket where channel_id = ?")).isEqualTo(CONTACTS);
        assertThat(count("atende_ticketing", "select count(*) from (select contact_address from ticket"
                + " where channel_id = ? group by contact_address having count(*) > 1) twice")).isZero();

        // One first-response timer per ticket, in the first cycle; nobody answers, so each breaches (20 s) once.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> count("atende_sla", "select count(*) from sla_timer where channel_id = ?"
                        + " and target = 'FIRST_RESPONSE' and breached") == CONTACTS);
        assertThat(count("atende_sla", "select count(*) from sla_timer where channel_id = ?"
                + " and target = 'FIRST_RESPONSE'")).isEqualTo(CONTACTS);
        assertThat(count("atende_sla", "select count(*) from sla_timer where channel_id = ? and cycle > 1")).isZero();

        // The reports count the same: every ticket, every message, every breach once.
        String reporting = system.service(AtendeSystem.REPORTING).baseUrl();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode summary = admin.get(reporting + "/reports/summary?channel=" + CHANNEL).json();
            assertThat(summary.path("ticketsOpened").asLong()).isEqualTo(CONTACTS);
            assertThat(summary.path("slaBreaches").asLong()).isEqualTo(CONTACTS);
            JsonNode channels = admin.get(reporting + "/reports/channels?channel=" + CHANNEL).json();
            assertThat(channels.path("rows").get(0).path("messages_in").asLong()).isEqualTo(messages);
        });
        long stored = count("atende_ticketing", "select count(*) from ticket_message where channel_id = ?"
                + " and direction = 'INBOUND'");
        System.out.printf("chaos: %d messages sent from %d contacts, %d stored (%d lost), %d tickets; faults:%n  %s%n",
                messages, CONTACTS, stored, messages - stored,
                count("atende_ticketing", "select count(*) from ticket where channel_id = ?"),
                String.join("\n  ", faults));
    }

    /** The database ends every connection to {@code database} as soon as it appears, for {@code duration}. */
    private static void dropConnections(String database, Duration duration) throws SQLException {
        long until = System.nanoTime() + duration.toNanos();
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            while (System.nanoTime() < until) {
                statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
                        + database + "' and pid <> pg_backend_pid()");
                pause(Duration.ofMillis(50));
            }
        }
    }

    private static long count(String database, String sql) throws SQLException {
        try (Connection connection = connect(database); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, CHANNEL);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(system.stack().postgres().jdbcUrl(database), LocalPostgres.USER,
                LocalPostgres.PASSWORD);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
