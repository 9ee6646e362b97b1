package io.atende.gateway;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One connected interval of a channel: from {@code connectedAt} until {@code disconnectedAt} (null while up). */
@Entity
@Table(name = "connection_epoch")
public class ConnectionEpoch extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "channel_id")
    public String channelId;

    public long epoch;

    @Column(name = "connected_at")
    public Instant connectedAt;

    @Column(name = "disconnected_at")
    public Instant disconnectedAt;

    @Column(name = "disconnect_code")
    public Integer disconnectCode;

    @Column(name = "disconnect_reason")
    public String disconnectReason;
}
