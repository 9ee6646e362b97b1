package io.atende.ticketing.messaging;

import static io.atende.contracts.testing.InboundMessages.customerText;
import static io.atende.contracts.testing.InboundMessages.newContactAddress;
import static io.atende.contracts.testing.InboundMessages.typedOnPhone;
import static io.atende.ticketing.TicketingTestSupport.CHANNEL;
import static io.atende.ticketing.TicketingTestSupport.adminToken;
import static io.atende.ticketing.TicketingTestSupport.kafka;
import static io.atende.ticketing.TicketingTestSupport.ticketEvents;
import static io.atende.ticketing.TicketingTestSupport.ticketEventsSettled;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.atende.contracts.Topics;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.ticket.AgentReplied;
import io.atende.contracts.ticket.BotMessageSent;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.contracts.ticket.TicketRoutedToDepartment;
import io.atende.contracts.ticket.TicketStatus;
import io.atende.localstack.LocalStackTestResource;
import io.atende.platform.messaging.Redelivery;
import io.atende.ticketing.TestDirectory;
import io.atende.ticketing.service.BatchIntake;
import io.atende.ticketing.service.TicketIntake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;

/** What taking a poll's messages in as one batch must keep, and what it makes possible. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_ticketing"))
class BatchIntakeTest {

    /** The default department ({@code V1__tickets.sql}), where the test channel routes. */
    private static final UUID GENERAL = UUID.fromString("00000000-0000-4000-8000-00000000d001");

    @Inject
    BatchIntake intake;

    @Test
    void twoMessagesOfANewConversationInOneBatchOpenOneTicketWithBothInOrder() {
        String contact = newContactAddress();

        List<TicketIntake.Outcome> outcomes = ingest(List.of(customerText(CHANNEL, contact, "Oi"),
                customerText(CHANNEL, contact, "Meu pedido não chegou")));

        assertThat(outcomes).extracting(TicketIntake.Outcome::opened).containsExactly(true, false);
        assertThat(outcomes.get(1).ticketId()).isEqualTo(outcomes.get(0).ticketId());
        assertThat(ticketEvents(contact, CustomerMessageReceived.class::isInstance, 2)).hasSize(2);
        assertThat(ticketEventsSettled(contact, TicketOpened.class::isInstance)).hasSize(1);
        given().auth().oauth2(adminToken()).queryParam("contact", contact).when().get("/tickets")
                .then().statusCode(200).body("$", hasSize(1))
                .body("[0].messages.text", contains("Oi", "Meu pedido não chegou"));
    }

    @Test
    void aMenuGreetingAndItsAnswerInOneBatchRouteByTheAnswer() {
        UUID sales = TestDirectory.department("Vendas", "MANUAL");
        UUID support = TestDirectory.department("Suporte", "MANUAL");
        String channel = TestDirectory.unique("loja");
        TestDirectory.channel(channel, List.of(sales, support), support);
        String contact = newContactAddress();

        ingest(List.of(customerText(channel, contact, "Oi"), customerText(channel, contact, "1")));

        TicketEvent routed = ticketEvents(contact, TicketRoutedToDepartment.class::isInstance, 1).get(0);
        assertThat(((TicketRoutedToDepartment) routed).via()).isEqualTo("MENU");
        assertThat(routed.ticket().departmentId()).isEqualTo(sales);
        assertThat(ticketEventsSettled(contact, BotMessageSent.class::isInstance)).hasSize(2); // menu, then "routed"
    }

    @Test
    void aRedeliveredBatchStoresNothingTwice() {
        String first = newContactAddress();
        String second = newContactAddress();
        List<InboundMessageReceived> batch = List.of(customerText(CHANNEL, first, "um"),
                customerText(CHANNEL, second, "dois"), typedOnPhone(CHANNEL, first, "resposta pelo telefone"),
                customerText(CHANNEL, first, "três"));

        assertThat(ingest(batch)).noneMatch(TicketIntake.Outcome::duplicate);
        assertThat(ingest(batch)).allMatch(TicketIntake.Outcome::duplicate);

        given().auth().oauth2(adminToken()).queryParam("contact", first).when().get("/tickets")
                .then().statusCode(200).body("$", hasSize(1))
                .body("[0].messages.text", contains("um", "resposta pelo telefone", "três"));
        assertThat(ticketEventsSettled(first, CustomerMessageReceived.class::isInstance)).hasSize(2);
        assertThat(ticketEventsSettled(first, AgentReplied.class::isInstance)).hasSize(1);
        assertThat(ticketEventsSettled(second, TicketOpened.class::isInstance)).hasSize(1);
    }

    @Test
    void aMessageEndingAWaitOnTheCustomerJoinsItsTicketBesideBatchMatesOfOtherConversations() {
        String waiting = newContactAddress();
        TicketIntake.Outcome opened = ingest(List.of(customerText(CHANNEL, waiting, "Oi"))).get(0);
        TestDirectory.User agent = TestDirectory.agent(GENERAL);
        given().auth().oauth2(agent.token()).when().post("/tickets/{id}/accept", opened.ticketId())
                .then().statusCode(200);
        given().auth().oauth2(agent.token()).when().post("/tickets/{id}/waiting", opened.ticketId())
                .then().statusCode(200);
        String fresh = newContactAddress();

        List<TicketIntake.Outcome> outcomes = ingest(List.of(customerText(CHANNEL, fresh, "Olá"),
                customerText(CHANNEL, waiting, "Voltei"), customerText(CHANNEL, fresh, "Alguém?")));

        assertThat(outcomes.get(1).ticketId()).isEqualTo(opened.ticketId());
        assertThat(outcomes.get(2).ticketId()).isEqualTo(outcomes.get(0).ticketId());
        TicketEvent answered = ticketEvents(waiting, CustomerMessageReceived.class::isInstance, 2).get(1);
        assertThat(answered.ticket().status()).isEqualTo(TicketStatus.OPEN);
    }

    @Test
    void aPoisonRecordInTheMiddleOfABatchIsDeadLetteredAloneAndTheRestAreAppliedInOrder() {
        String contact = newContactAddress();
        // PostgreSQL refuses a message id too long for its unique index (a btree entry holds at most ~2,700 bytes;
        // random text does not compress): the record fails however often it is retried. (A NUL character used to be
        // the poison here; the contract's JSON mapping now drops NULs, see JsonCodecTest.)
        InboundMessageReceived poison = customerText(CHANNEL, contact, randomText(12_000), "id longo demais");

        kafka().sendAll(Topics.CHANNEL_INBOUND, List.of(customerText(CHANNEL, contact, "antes"), poison,
                customerText(CHANNEL, contact, "depois")));

        assertThat(ticketEvents(contact, CustomerMessageReceived.class::isInstance, 2)).hasSize(2);
        List<ConsumerRecord<String, String>> dead = kafka().read(Topics.deadLetter(Topics.CHANNEL_INBOUND),
                record -> record.value().contains(poison.externalMessageId()), 1, Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        given().auth().oauth2(adminToken()).queryParam("contact", contact).when().get("/tickets")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].messages.text", contains("antes", "depois"));
    }

    @Test
    void twoReplicasTakingInOverlappingConversationsAtOnceOpenOneTicketEach() throws Exception {
        for (int round = 0; round < 3; round++) {
            List<String> contacts = List.of(newContactAddress(), newContactAddress(), newContactAddress());
            List<InboundMessageReceived> left = new ArrayList<>();
            List<InboundMessageReceived> right = new ArrayList<>();
            for (String contact : contacts) {
                left.add(customerText(CHANNEL, contact, "esquerda"));
                right.add(customerText(CHANNEL, contact, "direita"));
            }
            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<List<TicketIntake.Outcome>>> outcomes = pool.invokeAll(
                        List.of(racing(start, left), racing(start, right)), 60, TimeUnit.SECONDS);
                for (Future<List<TicketIntake.Outcome>> outcome : outcomes) {
                    assertThat(outcome.get()).hasSize(3).noneMatch(TicketIntake.Outcome::duplicate);
                }
            } finally {
                pool.shutdownNow();
            }
            for (String contact : contacts) {
                given().auth().oauth2(adminToken()).queryParam("contact", contact).when().get("/tickets")
                        .then().statusCode(200).body("$", hasSize(1)).body("[0].messages", hasSize(2));
            }
        }
    }

    private Callable<List<TicketIntake.Outcome>> racing(CyclicBarrier start, List<InboundMessageReceived> batch) {
        return () -> {
            start.await();
            return ingest(batch);
        };
    }

    /** As the consumer does: a batch that fails (here: the other replica's race) is taken in again. */
    private List<TicketIntake.Outcome> ingest(List<InboundMessageReceived> batch) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Redelivery.withRetries(() -> intake.ingestAll(batch)));
        } catch (Throwable failure) {
            throw new IllegalStateException(failure);
        }
    }

    private static String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (text.length() < length) {
            text.append(Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
        }
        return text.substring(0, length);
    }
}
