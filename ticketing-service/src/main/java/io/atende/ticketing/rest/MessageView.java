package io.atende.ticketing.rest;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.channel.DeliveryStatus;
import io.atende.contracts.channel.MessageDirection;
import io.atende.contracts.channel.MessageKind;

/** One conversation entry: {@code receivedAt} is Atende's time, {@code sentAt} the channel's. */
public record MessageView(UUID id, MessageDirection direction, String author, MessageKind kind, String text,
        String mediaRef, String mediaMimeType, String externalId, Instant sentAt, Instant receivedAt,
        DeliveryStatus deliveryStatus) {
}
