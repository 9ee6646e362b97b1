package io.atende.gateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.atende.contracts.ContactRef;
import io.atende.contracts.JsonCodec;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.channel.MessageDirection;
import io.atende.contracts.channel.MessageKind;
import io.atende.gateway.engine.EngineEvent.MessageKey;
import io.atende.gateway.engine.EngineEvent.MessageUpsert;
import io.atende.gateway.mapping.InboundMapper.Content;

class InboundMapperTest {

    private final InboundMapper mapper = new InboundMapper();

    private Optional<Content> content(String json) throws Exception {
        JsonNode node = JsonCodec.mapper().readTree(json);
        return mapper.content(node);
    }

    @Test
    void textsCaptionsAndReactionsBecomeKinds() throws Exception {
        assertThat(content("{\"conversation\": \"oi\"}")).contains(new Content(MessageKind.TEXT, "oi", null, null));
        assertThat(content("{\"extendedTextMessage\": {\"text\": \"sim\", \"contextInfo\": {\"stanzaId\": \"3EB0A\"}}}"))
                .contains(new Content(MessageKind.TEXT, "sim", "3EB0A", null));
        assertThat(content("{\"imageMessage\": {\"caption\": \"comprovante\", \"mimetype\": \"image/jpeg\"}}"))
                .contains(new Content(MessageKind.IMAGE, "comprovante", null, null));
        assertThat(content("{\"audioMessage\": {\"ptt\": true}}")).contains(new Content(MessageKind.AUDIO, null, null, null));
        assertThat(content("{\"reactionMessage\": {\"key\": {\"id\": \"3EB0B\"}, \"text\": \"👍\"}}"))
                .contains(new Content(MessageKind.REACTION, "👍", null, "3EB0B"));
        assertThat(content("{\"ephemeralMessage\": {\"message\": {\"conversation\": \"some\"}}}"))
                .contains(new Content(MessageKind.TEXT, "some", null, null));
        assertThat(content("{\"pollCreationMessageV3\": {\"name\": \"?\"}}"))
                .contains(new Content(MessageKind.OTHER, null, null, null));
    }

    @Test
    void editsAndRevokesReferToTheOriginalButOtherProtocolStubsAreNotContent() throws Exception {
        assertThat(content("{\"protocolMessage\": {\"type\": 0, \"key\": {\"id\": \"3EB0C\"}}}"))
                .contains(new Content(MessageKind.REVOKE, null, null, "3EB0C"));
        assertThat(content("{\"protocolMessage\": {\"type\": \"MESSAGE_EDIT\", \"key\": {\"id\": \"3EB0D\"},"
                + " \"editedMessage\": {\"conversation\": \"corrigido\"}}}"))
                .contains(new Content(MessageKind.EDIT, "corrigido", null, "3EB0D"));
        assertThat(content("{\"protocolMessage\": {\"type\": 3}}")).isEmpty();
        assertThat(content("{\"senderKeyDistributionMessage\": {}, \"messageContextInfo\": {}}")).isEmpty();
        assertThat(content("null")).isEmpty();
    }

    @Test
    void contactKeepsPhoneNumberAndLidFromEitherJid() {
        assertThat(InboundMapper.contact("5511987654321:7@s.whatsapp.net", null, "Maria"))
                .isEqualTo(new ContactRef("5511987654321:7@s.whatsapp.net", "+5511987654321", null, "Maria"));
        assertThat(InboundMapper.contact("81234567890123@lid", "5511987654321@s.whatsapp.net", " "))
                .isEqualTo(new ContactRef("81234567890123@lid", "+5511987654321", "81234567890123@lid", null));
    }

    private InboundMessageReceived inbound(MessageKey key, String pushName) throws Exception {
        MessageUpsert upsert = new MessageUpsert("c1", "notify", false, key, pushName, 1_795_000_000L,
                JsonCodec.mapper().readTree("{\"conversation\": \"oi\"}"), null);
        return mapper.toInbound("c1", upsert, new Content(MessageKind.TEXT, "oi", null, null), null, Instant.now());
    }

    @Test
    void oneToOneMessageHasTheCustomerAsContactAndNoSender() throws Exception {
        InboundMessageReceived message = inbound(new MessageKey("5511987654321@s.whatsapp.net", false, "3EB01", null,
                "81234567890123@lid", null), "Maria");

        assertThat(message.contact()).isEqualTo(
                new ContactRef("5511987654321@s.whatsapp.net", "+5511987654321", "81234567890123@lid", "Maria"));
        assertThat(message.sender()).isNull();
    }

    @Test
    void groupMessageHasTheGroupAsContactAndTheParticipantAsSender() throws Exception {
        InboundMessageReceived message = inbound(new MessageKey("120363098765432109@g.us", false, "3EB02",
                "81234567890456@lid", null, "5511912345678@s.whatsapp.net"), "João");

        assertThat(message.contact()).isEqualTo(new ContactRef("120363098765432109@g.us", null, null, null));
        assertThat(message.sender()).isEqualTo(
                new ContactRef("81234567890456@lid", "+5511912345678", "81234567890456@lid", "João"));
        assertThat(message.partitionKey()).isEqualTo("c1:120363098765432109@g.us");
    }

    @Test
    void groupMessageTypedOnTheBusinessPhoneHasASenderWithoutPushName() throws Exception {
        InboundMessageReceived message = inbound(new MessageKey("120363098765432109@g.us", true, "3EB03",
                "551130009000@s.whatsapp.net", null, null), "Loja");

        assertThat(message.direction()).isEqualTo(MessageDirection.OUTBOUND);
        assertThat(message.sender()).isEqualTo(
                new ContactRef("551130009000@s.whatsapp.net", "+551130009000", null, null));
    }

    @Test
    void groupMessageWithoutParticipantHasNoSender() throws Exception {
        InboundMessageReceived message = inbound(new MessageKey("120363098765432109@g.us", true, "3EB04", null, null,
                null), null);

        assertThat(message.contact().address()).isEqualTo("120363098765432109@g.us");
        assertThat(message.sender()).isNull();
    }

    @Test
    void statusNewslettersGroupsAndBroadcastsAreNotConversations() {
        assertThat(InboundMapper.ignoredChat("status@broadcast")).isEqualTo("status");
        assertThat(InboundMapper.ignoredChat("120363012345678901@newsletter")).isEqualTo("newsletter");
        assertThat(InboundMapper.ignoredChat("120363098765432109@g.us")).isEqualTo("group");
        assertThat(InboundMapper.ignoredChat("1234567890@broadcast")).isEqualTo("broadcast");
        assertThat(InboundMapper.ignoredChat("5511987654321@s.whatsapp.net")).isNull();
        assertThat(InboundMapper.ignoredChat("81234567890123@lid")).isNull();
    }
}
