package io.atende.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.atende.localstack.DevTokens;

/**
 * The four packaged services as separate processes on one broker and one database: a customer message sent in
 * through the gateway's simulator becomes a ticket, is counted by reporting, and breaches its SLA.
 */
class PipelineIT {

    private static final String CHANNEL = "loja-centro";
    private static AtendeSystem system;
    private static Http admin;

    @BeforeAll
    static void startTheSystem() {
        Path root = Path.of(System.getProperty("atende.root", "..")).toAbsolutePath().normalize();
        system = AtendeSystem.start(root, root.resolve("system-tests/target/system"),
                Map.of("ATENDE_ENGINE", "simulator", "ATENDE_SLA_FIRST_RESPONSE", "4s"));
        admin = new Http(DevTokens.mint("admin", List.of("admin")));
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aMessageThroughTheGatewayBecomesATicketThatIsReportedAndBreachesItsSla() {
        String gateway = system.service(AtendeSystem.GATEWAY).baseUrl();
        String ticketing = system.service(AtendeSystem.TICKETING).baseUrl();
        String reporting = system.service(AtendeSystem.REPORTING).baseUrl();

        SimulatedChannels.link(admin, gateway, CHANNEL, "Loja Centro", "5511300010000");

        Http.Reply sent = admin.post(gateway + "/simulator/channels/" + CHANNEL + "/messages",
                Map.of("from", "5511987650001", "pushName", "Maria", "text", "Meu pedido não chegou"));
        assertThat(sent.status()).isLessThan(300);

        String contact = "5511987650001@s.whatsapp.net";
        JsonNode ticket = await().atMost(Duration.ofSeconds(30)).until(
                () -> admin.get(ticketing + "/tickets?contact=" + contact).json(),
                found -> found != null && found.size() == 1).get(0);
        assertThat(ticket.path("number").asLong()).isPositive();
        assertThat(ticket.path("department").path("name").asText()).isEqualTo("Geral");
        assertThat(ticket.path("messages").get(0).path("text").asText()).isEqualTo("Meu pedido não chegou");
        assertThat(ticket.path("contact").path("name").asText()).isEqualTo("Maria");

        await().atMost(Duration.ofSeconds(30)).until(
                () -> admin.get(reporting + "/reports/summary").json().path("ticketsOpened").asLong() == 1);
        // Nobody answers: the 4 s first-response target breaches, and the report counts it.
        JsonNode summary = await().atMost(Duration.ofSeconds(30)).until(
                () -> admin.get(reporting + "/reports/summary").json(),
                report -> report.path("slaBreaches").asLong() == 1);
        assertThat(summary.path("ticketsOpened").asLong()).isEqualTo(1);
    }

    @Test
    void everyServiceIsHealthyAndExposesPrometheusMetrics() {
        Http anonymous = new Http(null);
        for (ServiceProcess service : system.services().values()) {
            assertThat(anonymous.get(service.baseUrl() + "/q/health").status()).as(service.name()).isEqualTo(200);
            Http.Reply metrics = anonymous.get(service.baseUrl() + "/q/metrics");
            assertThat(metrics.status()).as(service.name()).isEqualTo(200);
            assertThat(metrics.body()).as(service.name()).contains("jvm_memory_used_bytes");
        }
    }
}
