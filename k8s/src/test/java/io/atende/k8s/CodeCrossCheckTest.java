package io.atende.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The manifests agree with the code: topics, ACLs and consumer groups with the services' application.properties and
 * the contract; environment variables, ports, probes, database and Kafka settings with what each service reads.
 */
class CodeCrossCheckTest {

    static final List<String> OVERLAYS = Fixtures.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void manifestsAgreeWithTheServicesConfigurationAndTheTopicContract(String overlay) {
        assertThat(Fixtures.crossCheckProblems(Manifest.overlay(overlay))).isEmpty();
    }

    @Test
    void theCheckedConfigurationIsTheRealOne() {
        // Guards the parsing the cross-checks rely on: if it silently found nothing, they would prove nothing.
        ServiceProperties ticketing = Fixtures.services().get("ticketing-service");
        assertThat(ticketing.defaultHttpPort()).isEqualTo(8082);
        assertThat(ticketing.databaseName()).isEqualTo("atende_ticketing");
        assertThat(ticketing.incoming).containsKey("channel-inbound");
        assertThat(ticketing.incoming.get("channel-inbound").topic()).isEqualTo("channel.inbound.v1");
        assertThat(ticketing.incoming.get("channel-inbound").groupId()).isEqualTo("ticketing-service");
        assertThat(ticketing.incoming.get("channel-inbound").deadLetterTopic()).isEqualTo("channel.inbound.v1.dlq");
        assertThat(ticketing.envDefaults).containsKeys("ATENDE_HTTP_PORT", "ATENDE_KAFKA_BOOTSTRAP",
                "ATENDE_DB_REACTIVE_URL", "ATENDE_DB_JDBC_URL", "ATENDE_DB_USER", "ATENDE_DB_PASSWORD");
        assertThat(Fixtures.services().get("reporting-service").incoming).hasSizeGreaterThanOrEqualTo(2);

        TopicContract contract = Fixtures.contract();
        assertThat(contract.topics).contains("channel.inbound.v1", "channel.outbound.v1", "channel.status.v1",
                "channel.delivery.v1", "ticket.events.v1", "sla.events.v1", "ticket.events.v1.dlq");
        assertThat(contract.sends("channel-gateway")).contains("channel.inbound.v1", "channel.status.v1");
        assertThat(contract.receives("reporting-service")).contains("ticket.events.v1", "sla.events.v1", "channel.status.v1");
    }
}
