package io.atende.gateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.atende.contracts.ContactRef;
import io.atende.contracts.JsonCodec;
import io.atende.contracts.channel.MessageKind;
import io.atende.gateway.engine.EngineEvent.MessageKey;
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
        assertThat(InboundMapper.contact(new MessageKey("5511987654321:7@s.whatsapp.net", false, "x", null, null, null),
                "Maria")).isEqualTo(new ContactRef("5511987654321:7@s.whatsapp.net", "+5511987654321", null, "Maria"));
        assertThat(InboundMapper.contact(new MessageKey("81234567890123@lid", false, "x", null,
                "5511987654321@s.whatsapp.net", null), " "))
                .isEqualTo(new ContactRef("81234567890123@lid", "+5511987654321", "81234567890123@lid", null));
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
