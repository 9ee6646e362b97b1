package io.atende.ticketing;

import java.time.Instant;
import java.util.UUID;

import io.atende.contracts.channel.DeliveryStatus;
import io.atende.contracts.channel.MessageDirection;
import io.atende.contracts.channel.MessageKind;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One entry of a ticket's conversation log. */
@Entity
@Table(name = "ticket_message")
public class TicketMessage extends PanacheEntityBase {

    /** CUSTOMER, AGENT, BOT or BUSINESS_PHONE. */
    public enum Author {
        CUSTOMER, AGENT, BOT, BUSINESS_PHONE
    }

    @Id
    public UUID id;

    @Column(name = "ticket_id")
    public UUID ticketId;

    @Column(name = "channel_id")
    public String channelId;

    @Column(name = "contact_address")
    public String contactAddress;

    @Column(name = "external_id")
    public String externalId;

    @Enumerated(EnumType.STRING)
    public MessageDirection direction;

    @Enumerated(EnumType.STRING)
    public Author author;

    @Enumerated(EnumType.STRING)
    public MessageKind kind;

    public String body;

    @Column(name = "media_ref")
    public String mediaRef;

    @Column(name = "media_mime_type")
    public String mediaMimeType;

    /** The channel's own timestamp (WhatsApp time). */
    @Column(name = "sent_at")
    public Instant sentAt;

    /** When Atende received it. */
    @Column(name = "received_at")
    public Instant receivedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "delivery_status")
    public DeliveryStatus deliveryStatus;

    @Column(name = "delivery_updated_at")
    public Instant deliveryUpdatedAt;

    /** Outbound entries: the id of the send command on {@code channel.outbound.v1}; receipts quote it. */
    @Column(name = "command_id")
    public UUID commandId;

    /** AGENT entries: who wrote it. */
    @Column(name = "author_user_id")
    public UUID authorUserId;
}
