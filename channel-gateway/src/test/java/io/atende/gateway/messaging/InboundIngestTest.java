package io.atende.gateway.messaging;

import static io.atende.gateway.GatewayTestSupport.adminToken;
import static io.atende.gateway.GatewayTestSupport.awaitState;
import static io.atende.gateway.GatewayTestSupport.channel;
import static io.atende.gateway.GatewayTestSupport.customerSays;
import static io.atende.gateway.GatewayTestSupport.inbound;
import static io.atende.gateway.GatewayTestSupport.inboundSettled;
import static io.atende.gateway.GatewayTestSupport.linkedChannel;
import static io.atende.gateway.GatewayTestSupport.newChannelId;
import static io.atende.gateway.GatewayTestSupport.newPhoneNumber;
import static io.atende.gateway.GatewayTestSupport.simulator;
import static io.atende.gateway.GatewayTestSupport.status;
import static io.atende.gateway.GatewayTestSupport.statusSettled;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.atende.contracts.CloudEventHeaders;
import io.atende.contracts.JsonCodec;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.ChannelHistoryDiscarded;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.channel.MessageDirection;
import io.atende.contracts.channel.MessageKind;
import io.atende.gateway.GatewayTestSupport;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalStackTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_gateway"))
class InboundIngestTest {

    @Inject
    MeterRegistry registry;

    @Inject
    Pool pool;

    private static InboundMessageReceived parse(ConsumerRecord<String, String> record) {
        return JsonCodec.read(record.value(), InboundMessageReceived.class);
    }

    private static String jid(String phoneNumber) {
        return phoneNumber.substring(1) + "@s.whatsapp.net";
    }

    @Test
    void messagesTheEngineWritesBackToBackArePublishedOnceEachInTheirOrder() {
        String channelId = newChannelId();
        linkedChannel(channelId, "+551130001000");
        String first = newPhoneNumber();

        simulator(channelId, "burst", Map.of("count", 120, "contacts", 4, "firstNumber", first, "text", "rajada"));

        List<InboundMessageReceived> published = inbound(channelId, 120).stream()
                .map(InboundIngestTest::parse).toList();
        assertThat(inboundSettled(channelId)).hasSize(120);
        assertThat(published).extracting(InboundMessageReceived::externalMessageId).doesNotHaveDuplicates();
        Map<String, List<Integer>> numbersByContact = new HashMap<>();
        published.forEach(message -> numbersByContact.computeIfAbsent(message.contact().address(),
                contact -> new ArrayList<>()).add(Integer.parseInt(message.text().replace("rajada ", ""))));
        assertThat(numbersByContact).hasSize(4);
        // Each conversation's messages arrive in the order the engine wrote them (message i is from contact i % 4).
        numbersByContact.values().forEach(numbers -> assertThat(numbers).isSorted().hasSize(30));
    }

    @Test
    void aMessageTheDatabaseRefusesForGoodIsKeptWithItsReasonAndTheNextOnesFlow() {
        String channelId = newChannelId();
        String customer = newPhoneNumber();
        linkedChannel(channelId, "+551130001000");
        String marker = "recusada-" + UUID.randomUUID();
        // A refusal no retry changes (not an outage): the database rejects this one message's announcement.
        pool.query("create or replace function refuse_marked() returns trigger language plpgsql as $$ begin"
                + " if new.payload like '%" + marker + "%' then raise exception 'refused by the test: " + marker
                + "'; end if; return new; end $$").executeAndAwait();
        pool.query("create trigger refuse_marked before insert on outbox_event for each row"
                + " execute function refuse_marked()").executeAndAwait();
        try {
            customerSays(channelId, customer, "antes");
            String refused = customerSays(channelId, customer, marker);
            customerSays(channelId, customer, "depois");

            assertThat(inbound(channelId, 2).stream().map(InboundIngestTest::parse).map(InboundMessageReceived::text))
                    .containsExactly("antes", "depois");
            await().atMost(GatewayTestSupport.WAIT).untilAsserted(() -> {
                List<Row> parked = new ArrayList<>();
                pool.preparedQuery("select external_id, reason, convert_from(event, 'UTF8') from inbound_parked"
                        + " where channel_id = $1").executeAndAwait(Tuple.of(channelId)).forEach(parked::add);
                assertThat(parked).hasSize(1);
                assertThat(parked.get(0).getString(0)).isEqualTo(refused);
                assertThat(parked.get(0).getString(1)).contains("refused by the test");
                assertThat(parked.get(0).getString(2)).contains(marker);
            });
            assertThat(GatewayTestSupport.counted(registry, "atende.gateway.inbound.parked", "channel", channelId))
                    .isEqualTo(1.0);
        } finally {
            pool.query("drop trigger refuse_marked on outbox_event").executeAndAwait();
            pool.query("drop function refuse_marked()").executeAndAwait();
        }
    }

    @Test
    void scannedChannelPublishesCustomerMessagesToInbound() {
        String channelId = newChannelId();
        String customer = newPhoneNumber();
        linkedChannel(channelId, "+551130001000");
        Instant before = Instant.now();

        String messageId = customerSays(channelId, customer, "Oi, meu pedido não chegou");

        List<ConsumerRecord<String, String>> records = inbound(channelId, 1);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, String> record = records.get(0);
        assertThat(record.key()).isEqualTo(Topics.conversationKey(channelId, jid(customer)));
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.TYPE)).isEqualTo("InboundMessageReceived");
        InboundMessageReceived message = parse(record);
        assertThat(message.channel().type()).isEqualTo("whatsapp");
        assertThat(message.channel().id()).isEqualTo(channelId);
        assertThat(message.externalMessageId()).isEqualTo(messageId);
        assertThat(message.contact().address()).isEqualTo(jid(customer));
        assertThat(message.contact().phoneNumber()).isEqualTo(customer);
        assertThat(message.contact().name()).isEqualTo("Maria Souza");
        assertThat(message.direction()).isEqualTo(MessageDirection.INBOUND);
        assertThat(message.kind()).isEqualTo(MessageKind.TEXT);
        assertThat(message.text()).isEqualTo("Oi, meu pedido não chegou");
        assertThat(message.offline()).isFalse();
        // The SLA starts when Atende received it; WhatsApp's own time (whole seconds) is kept apart.
        assertThat(message.receivedAt()).isBetween(before, Instant.now());
        assertThat(message.sentAt()).isBetween(before.minusSeconds(1), message.receivedAt());
        assertThat(inboundSettled(channelId)).hasSize(1);
    }

    @Test
    void redeliveredMessageIsPublishedOnce() {
        String channelId = newChannelId();
        String customer = newPhoneNumber();
        linkedChannel(channelId, "+551130001000");
        Map<String, Object> message = Map.of("from", customer, "text", "Oi", "messageId", "3EB0REDELIVERED0001");

        simulator(channelId, "messages", message);
        simulator(channelId, "messages", message);
        // The same id from the business phone (fromMe) is another message: WhatsApp ids are per sender.
        simulator(channelId, "messages", Map.of("from", customer, "text", "Olá!", "messageId", "3EB0REDELIVERED0001",
                "fromMe", true));
        customerSays(channelId, customer, "marker");

        assertThat(inbound(channelId, 3)).hasSize(3);
        List<InboundMessageReceived> published = inboundSettled(channelId).stream().map(InboundIngestTest::parse)
                .toList();
        assertThat(published).filteredOn(m -> m.externalMessageId().equals("3EB0REDELIVERED0001"))
                .extracting(InboundMessageReceived::direction)
                .containsExactlyInAnyOrder(MessageDirection.INBOUND, MessageDirection.OUTBOUND);
        assertThat(published).hasSize(3);
    }

    @Test
    void sameMessageRedeliveredByPhoneJidAndByLidIsPublishedOnce() {
        String channelId = newChannelId();
        String customer = newPhoneNumber();
        String lid = "8" + customer.substring(4) + "77@lid";
        linkedChannel(channelId, "+551130001000");

        // Once addressed by the phone number (the LID as the alternative), once by the LID (the phone as the alternative).
        simulator(channelId, "messages", Map.of("from", customer, "text", "Oi", "messageId", "3EB0BOTHADDRESSES1",
                "remoteJidAlt", lid));
        simulator(channelId, "messages", Map.of("from", lid, "text", "Oi", "messageId", "3EB0BOTHADDRESSES1",
                "remoteJidAlt", jid(customer)));
        // A redelivery by LID alone is known too: the first delivery recorded both addresses.
        simulator(channelId, "messages", Map.of("from", lid, "text", "Oi", "messageId", "3EB0BOTHADDRESSES1"));
        // The other direction: first by LID alone, then by the phone number naming that LID.
        simulator(channelId, "messages", Map.of("from", lid, "text", "Tudo bem?", "messageId", "3EB0BOTHADDRESSES2"));
        simulator(channelId, "messages", Map.of("from", customer, "text", "Tudo bem?", "messageId", "3EB0BOTHADDRESSES2",
                "remoteJidAlt", lid));

        assertThat(inbound(channelId, 2)).hasSize(2);
        List<InboundMessageReceived> published = inboundSettled(channelId).stream().map(InboundIngestTest::parse)
                .toList();
        assertThat(published).extracting(InboundMessageReceived::externalMessageId)
                .containsExactlyInAnyOrder("3EB0BOTHADDRESSES1", "3EB0BOTHADDRESSES2");
        assertThat(published).filteredOn(m -> m.externalMessageId().equals("3EB0BOTHADDRESSES1")).singleElement()
                .satisfies(m -> {
                    assertThat(m.contact().address()).isEqualTo(jid(customer));
                    assertThat(m.contact().lid()).isEqualTo(lid);
                });
    }

    @Test
    void historyAndPreLinkMessagesAreDiscardedAndCounted() {
        String channelId = newChannelId();
        String customer = newPhoneNumber();
        Instant linkedAt = Instant.parse(linkedChannel(channelId, "+551130001000").getString("linkedAt"));
        double countedBefore = discardedMetric(channelId);

        simulator(channelId, "history", Map.of("messages", List.of(
                Map.of("from", customer, "text", "mensagem antiga 1", "timestamp", linkedAt.getEpochSecond() - 86_400),
                Map.of("from", customer, "text", "mensagem antiga 2", "timestamp", linkedAt.getEpochSecond() - 3_600),
                // History is never imported, even a message dated after the link.
                Map.of("from", newPhoneNumber(), "text", "recente, mas por histórico"))));
        simulator(channelId, "messages", Map.of("from", customer, "text", "enviada antes do link",
                "timestamp", linkedAt.getEpochSecond() - 60));
        customerSays(channelId, customer, "depois do link");

        List<ConsumerRecord<String, String>> published = inbound(channelId, 1);
        assertThat(published).extracting(record -> parse(record).text()).containsExactly("depois do link");
        assertThat(inboundSettled(channelId)).hasSize(1);
        assertThat(channel(channelId).getLong("historyDiscarded")).isEqualTo(4);
        List<ChannelHistoryDiscarded> announced = status(channelId, ChannelHistoryDiscarded.class, 2);
        assertThat(announced).extracting(ChannelHistoryDiscarded::count).containsExactly(3L, 1L);
        assertThat(announced).extracting(ChannelHistoryDiscarded::totalDiscarded).containsExactly(3L, 4L);
        assertThat(statusSettled(channelId, ChannelHistoryDiscarded.class)).hasSize(2);
        assertThat(discardedMetric(channelId) - countedBefore).isEqualTo(4.0);
    }

    @Test
    void offlineMessagesAfterAReconnectAreIngested() {
        String channelId = newChannelId();
        String customer = newPhoneNumber();
        linkedChannel(channelId, "+551130001000");
        simulator(channelId, "disconnect", Map.of("code", 503, "reconnect", false));
        awaitState(channelId, "DISCONNECTED");
        long sentWhileDown = Instant.now().getEpochSecond();
        given().auth().oauth2(adminToken()).when().post("/channels/{id}/start", channelId).then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> channel(channelId).getLong("connectionEpoch") == 2);

        simulator(channelId, "messages", Map.of("from", customer, "text", "mandei enquanto estava fora",
                "timestamp", sentWhileDown, "upsertType", "append", "offline", true));

        InboundMessageReceived message = parse(inbound(channelId, 1).get(0));
        assertThat(message.text()).isEqualTo("mandei enquanto estava fora");
        assertThat(message.offline()).isTrue();
        assertThat(message.sentAt()).isEqualTo(Instant.ofEpochSecond(sentWhileDown));
        assertThat(message.receivedAt()).isAfter(message.sentAt());
    }

    @Test
    void ignoresStatusBroadcastNewslettersAndGroups() {
        String channelId = newChannelId();
        String customer = newPhoneNumber();
        linkedChannel(channelId, "+551130001000");

        simulator(channelId, "messages", Map.of("from", "status@broadcast", "text", "meu status",
                "participant", jid(customer)));
        simulator(channelId, "messages", Map.of("from", "120363012345678901@newsletter", "text", "novidades"));
        simulator(channelId, "messages", Map.of("from", "120363098765432109@g.us", "text", "oi grupo",
                "participant", jid(customer)));
        customerSays(channelId, customer, "só esta conta");

        assertThat(inbound(channelId, 1)).hasSize(1);
        assertThat(inboundSettled(channelId)).extracting(record -> parse(record).text()).containsExactly("só esta conta");
        assertThat(channel(channelId).getLong("historyDiscarded")).isZero();
    }

    @Test
    void messageTypedOnTheBusinessPhoneIsOutbound() {
        String channelId = newChannelId();
        String customer = newPhoneNumber();
        linkedChannel(channelId, "+551130001000");

        simulator(channelId, "messages", Map.of("from", customer, "text", "Já estou vendo, Maria", "fromMe", true,
                "upsertType", "append", "pushName", "Loja"));

        InboundMessageReceived message = parse(inbound(channelId, 1).get(0));
        assertThat(message.direction()).isEqualTo(MessageDirection.OUTBOUND);
        assertThat(message.contact().address()).isEqualTo(jid(customer));
        assertThat(message.contact().name()).isNull();
        assertThat(message.offline()).isFalse();
    }

    @Test
    void lidSenderIsAddressedByItsLidAndKeepsThePhoneNumberWhenKnown() {
        String channelId = newChannelId();
        String customer = newPhoneNumber();
        linkedChannel(channelId, "+551130001000");
        Map<String, Object> fromLid = new HashMap<>(Map.of("from", "81234567890123@lid", "text", "oi pelo LID",
                "remoteJidAlt", jid(customer), "quotedId", "3EB0QUOTED"));

        simulator(channelId, "messages", fromLid);

        ConsumerRecord<String, String> record = inbound(channelId, 1).get(0);
        InboundMessageReceived message = parse(record);
        assertThat(record.key()).isEqualTo(channelId + ":81234567890123@lid");
        assertThat(message.contact().address()).isEqualTo("81234567890123@lid");
        assertThat(message.contact().lid()).isEqualTo("81234567890123@lid");
        assertThat(message.contact().phoneNumber()).isEqualTo(customer);
        assertThat(message.replyToMessageId()).isEqualTo("3EB0QUOTED");
    }

    private double discardedMetric(String channelId) {
        var counter = registry.find("atende.gateway.history.discarded").tag("channel", channelId).counter();
        return counter == null ? 0 : counter.count();
    }
}
