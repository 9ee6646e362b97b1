package io.atende.systemtests;

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

import com.fasterxml.jackson.databind.JsonNode;

import io.atende.localstack.LocalPostgres;

/**
 * The whole system under a steady load of customer messages (emitted by the gateway's simulator in bursts) while its
 * parts fail one after the other: each of ticketing's two replicas, sla-service and reporting-service killed with
 * SIGKILL and started again, and ticketing's database dropping every connection for a while. Then it waits for the
 * system to settle and counts, from the databases and the reports, what became of what was sent. Used by
 * {@code ChaosIT} (a few thousand messages) and {@link ChaosBenchmark} (100,000). Not covered: a broker restart (the
 * embedded broker lives in this JVM) and a gateway crash (the simulator does not redeliver what it emitted, as
 * WhatsApp would).
 */
public final class ChaosScenario {

    public static final String CHANNEL = "caos";
    private static final String FIRST_NUMBER = "5511970000000";

    /** What the checks compare: each figure from where it lives. */
    public record Result(int sent, long stored, long countedByReporting, int contacts, long tickets,
            long conversationsWithTwoTickets, long firstResponseTimers, long breachedTimers, long laterCycles,
            long reportedTickets, long reportedBreaches, List<String> faults, long settleMillis) {

        public String describe() {
            return String.format("chaos: %,d messages sent from %d contacts; %,d stored (%,d lost), %,d counted by"
                    + " reporting; %d tickets (%d conversations with two), %d first-response timers, %d breached,"
                    + " %d in a later cycle; reports: %d tickets, %d breaches; settled %,d ms after the load%n"
                    + "faults:%n  %s", sent, contacts, stored, sent - stored, countedByReporting, tickets,
                    conversationsWithTwoTickets, firstResponseTimers, breachedTimers, laterCycles, reportedTickets,
                    reportedBreaches, settleMillis, String.join("\n  ", faults));
        }
    }

    private final AtendeSystem system;
    private final Http admin;

    public ChaosScenario(AtendeSystem system, Http admin) {
        this.system = system;
        this.admin = admin;
    }

    /**
     * @param contacts      conversations (each burst sends one message from each)
     * @param bursts        how many bursts to send ({@link Integer#MAX_VALUE}: until the faults are over)
     * @param settleTimeout how long to wait for the counts to settle after the load
     */
    public Result run(int contacts, int bursts, Duration settleTimeout) throws Exception {
        String gateway = system.service(AtendeSystem.GATEWAY).baseUrl();
        system.startReplica(AtendeSystem.TICKETING, "ticketing-service-2");

        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        List<String> refused = new ArrayList<>();
        Thread load = new Thread(() -> {
            for (int burst = 0; loading.get() && burst < bursts; burst++) {
                Http.Reply reply = admin.post(gateway + "/simulator/channels/" + CHANNEL + "/burst",
                        Map.of("count", contacts, "contacts", contacts, "firstNumber", FIRST_NUMBER,
                                "text", "rajada " + burst));
                if (reply.status() < 300) {
                    sent.addAndGet(contacts);
                } else {
                    refused.add(reply.status() + " " + reply.body());
                }
                pause(Duration.ofMillis(200));
            }
        }, "chaos-load");
        load.start();

        pause(Duration.ofSeconds(3));
        List<String> faults = new ArrayList<>();
        for (String fault : List.of(AtendeSystem.TICKETING, AtendeSystem.SLA, "database", AtendeSystem.REPORTING,
                "ticketing-service-2")) {
            long started = System.nanoTime();
            if (fault.equals("database")) {
                dropConnections("atende_ticketing", Duration.ofSeconds(5));
                faults.add("ticketing's database dropped every connection for 5 s");
            } else {
                system.crashAndRestart(fault);
                faults.add(fault + " killed (SIGKILL), ready again after "
                        + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
            }
        }
        pause(Duration.ofSeconds(2));
        if (bursts == Integer.MAX_VALUE) {
            loading.set(false);
        }
        load.join();
        if (!refused.isEmpty()) {
            throw new IllegalStateException("the simulator refused bursts: " + refused);
        }

        int messages = sent.get();
        long settling = System.nanoTime();
        waitFor(settleTimeout, () -> stored() >= messages
                && breachedTimers() >= contacts
                && messagesInReport() >= messages && summary().path("slaBreaches").asLong() >= contacts);
        long settleMillis = Duration.ofNanos(System.nanoTime() - settling).toMillis();
        JsonNode summary = summary();
        return new Result(messages, stored(), messagesInReport(), contacts,
                count("atende_ticketing", "select count(*) from ticket where channel_id = ?"),
                count("atende_ticketing", "select count(*) from (select contact_address from ticket"
                        + " where channel_id = ? group by contact_address having count(*) > 1) twice"),
                count("atende_sla", "select count(*) from sla_timer where channel_id = ?"
                        + " and target = 'FIRST_RESPONSE'"),
                breachedTimers(),
                count("atende_sla", "select count(*) from sla_timer where channel_id = ? and cycle > 1"),
                summary.path("ticketsOpened").asLong(), summary.path("slaBreaches").asLong(), faults, settleMillis);
    }

    private long stored() throws SQLException {
        return count("atende_ticketing", "select count(*) from ticket_message where channel_id = ?"
                + " and direction = 'INBOUND'");
    }

    private long breachedTimers() throws SQLException {
        return count("atende_sla", "select count(*) from sla_timer where channel_id = ?"
                + " and target = 'FIRST_RESPONSE' and breached");
    }

    private JsonNode summary() {
        return admin.get(system.service(AtendeSystem.REPORTING).baseUrl() + "/reports/summary?channel=" + CHANNEL)
                .json();
    }

    private long messagesInReport() {
        JsonNode rows = admin.get(system.service(AtendeSystem.REPORTING).baseUrl() + "/reports/channels?channel="
                + CHANNEL).json().path("rows");
        return rows.isEmpty() ? 0 : rows.get(0).path("messages_in").asLong();
    }

    /** The database ends every connection to {@code database} as soon as it appears, for {@code duration}. */
    private void dropConnections(String database, Duration duration) throws SQLException {
        long until = System.nanoTime() + duration.toNanos();
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            while (System.nanoTime() < until) {
                statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
                        + database + "' and pid <> pg_backend_pid()");
                pause(Duration.ofMillis(50));
            }
        }
    }

    private long count(String database, String sql) throws SQLException {
        try (Connection connection = connect(database); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, CHANNEL);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(system.stack().postgres().jdbcUrl(database), LocalPostgres.USER,
                LocalPostgres.PASSWORD);
    }

    /** Polls until the condition holds or the time is up (the caller then checks the figures as they are). */
    private static void waitFor(Duration timeout, CheckedCondition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !condition.holds()) {
            pause(Duration.ofSeconds(1));
        }
    }

    @FunctionalInterface
    private interface CheckedCondition {

        boolean holds() throws Exception;
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
