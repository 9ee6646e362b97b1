package io.atende.ticketing.messaging;

import static io.atende.contracts.testing.InboundMessages.customerText;
import static io.atende.contracts.testing.InboundMessages.newContactAddress;
import static io.atende.ticketing.TicketingTestSupport.CHANNEL;
import static io.atende.ticketing.TicketingTestSupport.adminToken;
import static io.atende.ticketing.TicketingTestSupport.kafka;
import static io.atende.ticketing.TopicRecorder.about;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.atende.contracts.Topics;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.platform.messaging.Redelivery;
import io.atende.ticketing.TopicRecorder;
import io.atende.ticketing.service.TicketIntake;
import io.atende.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;

@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_ticketing"))
class ReliabilityTest {

    private final TopicRecorder recorder = TopicRecorder.get();

    @Inject
    TicketIntake intake;

    @Test
    void replayingTheSameRecordsAfterACrashBeforeTheOffsetCommitStoresNothingTwice() {
        // A crash between the database commit and the offset commit makes Kafka deliver the same records again:
        // replay them verbatim (same event ids, same channel message ids) after they were processed.
        List<String> contacts = List.of(newContactAddress(), newContactAddress(), newContactAddress());
        List<InboundMessageReceived> batch = new ArrayList<>();
        for (String contact : contacts) {
            for (int i = 0; i < 3; i++) {
                batch.add(customerText(CHANNEL, contact, "mensagem " + i));
            }
        }
        batch.forEach(message -> kafka().send(Topics.CHANNEL_INBOUND, message));
        contacts.forEach(contact -> recorder.awaitTicketEvents(
                about(contact).and(CustomerMessageReceived.class::isInstance), 3));

        batch.forEach(message -> kafka().send(Topics.CHANNEL_INBOUND, message));
        String marker = contacts.get(0);
        kafka().send(Topics.CHANNEL_INBOUND, customerText(CHANNEL, marker, "depois da repetição"));
        recorder.awaitTicketEvents(about(marker).and(CustomerMessageReceived.class::isInstance), 4);

        for (String contact : contacts) {
            assertThat(recorder.ticketEvents(about(contact).and(TicketOpened.class::isInstance))).hasSize(1);
            given().auth().oauth2(adminToken()).queryParam("contact", contact).when().get("/tickets")
                    .then().statusCode(200).body("$", hasSize(1))
                    .body("[0].messages", hasSize(contact.equals(marker) ? 4 : 3));
        }
    }

    @Test
    void twoInstancesIngestingTheSameNewConversationAtOnceOpenOneTicket() throws Exception {
        // Two consumers (as two replicas would after a rebalance) race on the same new conversation, each in its
        // own transaction on its own event loop context.
        for (int round = 0; round < 5; round++) {
            String contact = newContactAddress();
            InboundMessageReceived first = customerText(CHANNEL, contact, "Oi");
            InboundMessageReceived second = customerText(CHANNEL, contact, "Tem alguém aí?");
            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<TicketIntake.Outcome>> outcomes = pool.invokeAll(List.of(
                        ingest(start, first), ingest(start, second)), 60, TimeUnit.SECONDS);

                assertThat(outcomes.get(0).get().ticketId()).isEqualTo(outcomes.get(1).get().ticketId());
                assertThat(outcomes.stream().filter(outcome -> {
                    try {
                        return outcome.get().opened();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).count()).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            given().auth().oauth2(adminToken()).queryParam("contact", contact).when().get("/tickets")
                    .then().statusCode(200).body("$", hasSize(1)).body("[0].messages", hasSize(2));
        }
    }

    private Callable<TicketIntake.Outcome> ingest(CyclicBarrier start, InboundMessageReceived message) {
        return () -> {
            start.await();
            try {
                return VertxContextSupport.subscribeAndAwait(() -> Redelivery.withRetries(() -> intake.ingest(message)));
            } catch (Throwable failure) {
                throw new IllegalStateException(failure);
            }
        };
    }
}
