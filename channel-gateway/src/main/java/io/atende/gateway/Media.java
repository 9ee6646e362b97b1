package io.atende.gateway;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The content of an inbound media message, served back by its reference (Kafka carries only the reference). */
@Entity
@Table(name = "media")
public class Media extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "channel_id")
    public String channelId;

    /** WhatsApp's id of the message that carried it. */
    @Column(name = "message_id")
    public String messageId;

    @Column(name = "mime_type")
    public String mimeType;

    @Column(name = "file_name")
    public String fileName;

    @Column(name = "size_bytes")
    public long sizeBytes;

    public byte[] content;

    @Column(name = "created_at")
    public Instant createdAt;
}
