package io.atende.gateway.messaging;

import static io.atende.gateway.GatewayTestSupport.adminToken;
import static io.atende.gateway.GatewayTestSupport.agentToken;
import static io.atende.gateway.GatewayTestSupport.awaitState;
import static io.atende.gateway.GatewayTestSupport.channel;
import static io.atende.gateway.GatewayTestSupport.customerSays;
import static io.atende.gateway.GatewayTestSupport.inbound;
import static io.atende.gateway.GatewayTestSupport.inboundSettled;
import static io.atende.gateway.GatewayTestSupport.linkedChannel;
import static io.atende.gateway.GatewayTestSupport.newChannelId;
import static io.atende.gateway.GatewayTestSupport.newPhoneNumber;
import static io.atende.gateway.GatewayTestSupport.simulator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.atende.contracts.ContactRef;
import io.atende.contracts.JsonCodec;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_gateway"))
class GroupChatTest {

    private static final String GROUP = "120363098765432109@g.us";

    private static InboundMessageReceived parse(ConsumerRecord<String, String> record) {
        return JsonCodec.read(record.value(), InboundMessageReceived.class);
    }

    private static void groupMessage(String channelId, String participantPhone, String text) {
        simulator(channelId, "messages", Map.of("from", GROUP, "participant", participantPhone.substring(1)
                + "@s.whatsapp.net", "pushName", "Maria", "text", text));
    }

    @Test
    void groupMessagesAreIgnoredUntilAnAdminEnablesGroupsOnTheChannel() {
        String channelId = newChannelId();
        String participant = newPhoneNumber();
        assertThat(linkedChannel(channelId, "+551130009000").getBoolean("groupsEnabled")).isFalse();

        groupMessage(channelId, participant, "antes de ligar os grupos");
        customerSays(channelId, newPhoneNumber(), "marcador");
        assertThat(inbound(channelId, 1)).extracting(record -> parse(record).text()).containsExactly("marcador");

        given().auth().oauth2(agentToken()).contentType(ContentType.JSON).body(Map.of("groupsEnabled", true))
                .when().patch("/channels/{id}", channelId).then().statusCode(403);
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of("groupsEnabled", true))
                .when().patch("/channels/{id}", channelId).then().statusCode(200).body("groupsEnabled", equalTo(true));
        groupMessage(channelId, participant, "depois de ligar os grupos");

        assertThat(inbound(channelId, 2)).hasSize(2);
        // Another conversation key, so another partition: records of the two keys may come in either order.
        List<ConsumerRecord<String, String>> fromGroup = inboundSettled(channelId).stream()
                .filter(record -> parse(record).text().equals("depois de ligar os grupos")).toList();
        assertThat(fromGroup).hasSize(1);
        assertThat(fromGroup.get(0).key()).isEqualTo(channelId + ":" + GROUP);
        // The conversation is the group; the participant who wrote this message is its sender.
        InboundMessageReceived message = parse(fromGroup.get(0));
        assertThat(message.contact()).isEqualTo(new ContactRef(GROUP, null, null, null));
        assertThat(message.sender()).isEqualTo(
                new ContactRef(participant.substring(1) + "@s.whatsapp.net", participant, null, "Maria"));
        assertThat(inboundSettled(channelId)).extracting(record -> parse(record).text())
                .containsExactlyInAnyOrder("marcador", "depois de ligar os grupos");
    }

    @Test
    void channelCreatedWithGroupsEnabledIngestsGroupMessagesAndCanTurnThemOff() {
        String channelId = newChannelId();
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("id", channelId, "name", "Grupos", "groupsEnabled", true))
                .when().post("/channels").then().statusCode(201).body("groupsEnabled", equalTo(true));
        awaitState(channelId, "WAITING_FOR_QR");
        simulator(channelId, "scan", Map.of("phoneNumber", "+551130009100"));
        awaitState(channelId, "CONNECTED");

        String participant = newPhoneNumber();
        groupMessage(channelId, participant, "oi grupo");
        assertThat(inbound(channelId, 1)).extracting(record -> parse(record).contact().address(),
                record -> parse(record).sender().phoneNumber()).containsExactly(tuple(GROUP, participant));

        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of("groupsEnabled", false))
                .when().patch("/channels/{id}", channelId).then().statusCode(200).body("groupsEnabled", equalTo(false));
        groupMessage(channelId, newPhoneNumber(), "ninguém lê");
        assertThat(inboundSettled(channelId)).hasSize(1);
        assertThat(channel(channelId).getBoolean("groupsEnabled")).isFalse();
    }

    @Test
    void patchNeedsAKnownChannelAndSomethingToChange() {
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of("groupsEnabled", true))
                .when().patch("/channels/{id}", newChannelId()).then().statusCode(404)
                .contentType("application/problem+json");
        String channelId = newChannelId();
        linkedChannel(channelId, "+551130009200");
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of())
                .when().patch("/channels/{id}", channelId).then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of("name", " "))
                .when().patch("/channels/{id}", channelId).then().statusCode(400);
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of("name", "Novo nome"))
                .when().patch("/channels/{id}", channelId).then().statusCode(200).body("name", equalTo("Novo nome"))
                .body("groupsEnabled", equalTo(false));
    }
}
