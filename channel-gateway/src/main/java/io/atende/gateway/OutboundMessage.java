package io.atende.gateway;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The outbound log: one row per send command ({@code channel.outbound.v1} event id), written and committed before
 * the engine is asked to send, so a redelivered command is never sent twice.
 */
@Entity
@Table(name = "outbound_message")
public class OutboundMessage extends PanacheEntityBase {

    /** The command's event id. */
    @Id
    @Column(name = "command_id")
    public UUID commandId;

    @Column(name = "channel_id")
    public String channelId;

    @Column(name = "contact_address")
    public String contactAddress;

    /** Ticketing's id of the message, echoed on receipts. */
    @Column(name = "message_id")
    public UUID messageId;

    /** The WhatsApp message id, chosen by the gateway at claim time and handed to the engine. */
    @Column(name = "external_message_id")
    public String externalMessageId;

    /** Where it goes and what it says, kept while it waits in the queue. */
    @Column(name = "to_jid")
    public String toJid;

    public String text;

    @Enumerated(EnumType.STRING)
    public OutboundStatus status;

    public String reason;

    @Column(name = "claimed_at")
    public Instant claimedAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
