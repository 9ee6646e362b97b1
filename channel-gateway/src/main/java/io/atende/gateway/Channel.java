package io.atende.gateway;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A WhatsApp number linked (or to be linked) to Atende, and its session's state. */
@Entity
@Table(name = "channel")
public class Channel extends PanacheEntityBase {

    /** A slug chosen by the admin, e.g. {@code support-sp}; the channel id on every topic. */
    @Id
    public String id;

    public String name;

    /** Whether group chats are ingested (contact = the group); off by default. */
    @Column(name = "groups_enabled")
    public boolean groupsEnabled;

    @Enumerated(EnumType.STRING)
    public ChannelState state;

    /** E.164, e.g. {@code +551130001000}, once linked. */
    @Column(name = "phone_number")
    public String phoneNumber;

    /** The first successful link: nothing WhatsApp dates before it is imported. A reconnect does not move it. */
    @Column(name = "linked_at")
    public Instant linkedAt;

    @Column(name = "last_qr")
    public String lastQr;

    @Column(name = "qr_expires_at")
    public Instant qrExpiresAt;

    @Column(name = "qr_attempt")
    public int qrAttempt;

    @Column(name = "connection_epoch")
    public long connectionEpoch;

    @Column(name = "connected_at")
    public Instant connectedAt;

    @Column(name = "disconnected_at")
    public Instant disconnectedAt;

    @Column(name = "last_disconnect_code")
    public Integer lastDisconnectCode;

    @Column(name = "last_disconnect_reason")
    public String lastDisconnectReason;

    /** Messages not imported by design: history sync, and messages dated before {@link #linkedAt}. */
    @Column(name = "history_discarded")
    public long historyDiscarded;

    @Column(name = "last_error")
    public String lastError;

    /** The engine's credentials as JSON, opaque here; handed back on start so that a restart needs no QR. */
    @Column(name = "auth_state")
    public String authState;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;
}
