package io.atende.gateway.mapping;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.channel.DeliveryStatus;
import io.atende.contracts.channel.MessageDeliveryUpdated;
import io.atende.gateway.OutboundMessage;
import jakarta.enterprise.context.ApplicationScoped;

/** An outbound log row becomes a {@code channel.delivery.v1} receipt (the entity itself is never published). */
@ApplicationScoped
public class DeliveryMapper {

    public MessageDeliveryUpdated receipt(OutboundMessage message, DeliveryStatus status, Instant now) {
        return new MessageDeliveryUpdated(UUID.randomUUID(), now, ChannelRef.whatsapp(message.channelId),
                message.contactAddress, message.commandId, message.messageId, message.externalMessageId, status,
                status == DeliveryStatus.FAILED ? message.reason : null);
    }
}
