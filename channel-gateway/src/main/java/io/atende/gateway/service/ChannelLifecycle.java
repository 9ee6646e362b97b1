package io.atende.gateway.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.ChannelConnected;
import io.atende.contracts.channel.ChannelDisconnected;
import io.atende.contracts.channel.ChannelLinked;
import io.atende.contracts.channel.ChannelLoggedOut;
import io.atende.contracts.channel.ChannelQrIssued;
import io.atende.contracts.channel.ChannelStatusEvent;
import io.atende.gateway.Channel;
import io.atende.gateway.ChannelState;
import io.atende.gateway.ConnectionEpoch;
import io.atende.gateway.engine.EngineEvent.Auth;
import io.atende.gateway.engine.EngineEvent.Connected;
import io.atende.gateway.engine.EngineEvent.Disconnected;
import io.atende.gateway.engine.EngineEvent.Failure;
import io.atende.gateway.engine.EngineEvent.LoggedOut;
import io.atende.gateway.engine.EngineEvent.Qr;
import io.atende.gateway.repository.ChannelRepository;
import io.atende.gateway.repository.ConnectionEpochRepository;
import io.atende.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A channel's session state, as the engine reports it: each change is stored and announced on
 * {@code channel.status.v1} (through the outbox) in one transaction.
 */
@ApplicationScoped
public class ChannelLifecycle {

    private static final Logger LOG = Logger.getLogger(ChannelLifecycle.class);

    /** Why an epoch ended that the gateway never saw end (it was stopped while connected). */
    static final String SUPERSEDED = "no disconnect was recorded (the gateway stopped); closed by the next connection";

    private final ChannelRepository channels;
    private final ConnectionEpochRepository epochs;
    private final Outbox outbox;

    public ChannelLifecycle(ChannelRepository channels, ConnectionEpochRepository epochs, Outbox outbox) {
        this.channels = channels;
        this.epochs = epochs;
        this.outbox = outbox;
    }

    /** Atende's clock at the precision PostgreSQL keeps and the contract shows. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @WithTransaction
    public Uni<Void> qrIssued(Qr qr) {
        return change(qr.channelId(), channel -> {
            channel.state = ChannelState.WAITING_FOR_QR;
            channel.lastQr = qr.qr();
            channel.qrExpiresAt = qr.expiresAt();
            channel.qrAttempt = qr.attempt();
            channel.lastError = null;
            return publish(new ChannelQrIssued(UUID.randomUUID(), now(), ref(channel), qr.qr(), qr.expiresAt(),
                    qr.attempt()));
        });
    }

    @WithTransaction
    public Uni<Void> authUpdated(Auth auth) {
        return change(auth.channelId(), channel -> {
            channel.authState = auth.auth().toString();
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * A new connection epoch. The first successful link sets {@code linkedAt} (and is announced as
     * {@link ChannelLinked}); a reconnect, a resume after a restart, or a re-link after a logout never moves it.
     */
    @WithTransaction
    public Uni<Void> connected(Connected connected) {
        return change(connected.channelId(), channel -> {
            Instant now = now();
            boolean firstLink = channel.linkedAt == null;
            if (connected.phoneNumber() != null && !connected.phoneNumber().isBlank()) {
                channel.phoneNumber = e164(connected.phoneNumber());
            }
            if (firstLink) {
                channel.linkedAt = now;
                LOG.infof("channel %s linked to %s at %s: nothing dated before it is imported", channel.id,
                        channel.phoneNumber, now);
            }
            channel.state = ChannelState.CONNECTED;
            channel.connectionEpoch++;
            channel.connectedAt = now;
            channel.lastQr = null;
            channel.qrExpiresAt = null;
            channel.qrAttempt = 0;
            channel.lastError = null;
            Uni<Void> linked = firstLink
                    ? publish(new ChannelLinked(UUID.randomUUID(), now, ref(channel), now, channel.phoneNumber))
                    : Uni.createFrom().voidItem();
            ConnectionEpoch epoch = new ConnectionEpoch();
            epoch.id = UUID.randomUUID();
            epoch.channelId = channel.id;
            epoch.epoch = channel.connectionEpoch;
            epoch.connectedAt = now;
            return epochs.close(channel.id, now, null, SUPERSEDED)
                    .chain(() -> epochs.persist(epoch))
                    .chain(() -> linked)
                    .chain(() -> publish(new ChannelConnected(UUID.randomUUID(), now, ref(channel),
                            channel.connectionEpoch)));
        });
    }

    @WithTransaction
    public Uni<Void> disconnected(Disconnected disconnected) {
        return change(disconnected.channelId(), channel -> disconnect(channel, disconnected.code(),
                disconnected.reason(), disconnected.reconnecting()));
    }

    private Uni<Void> disconnect(Channel channel, Integer code, String reason, boolean reconnecting) {
        Instant now = now();
        channel.state = ChannelState.DISCONNECTED;
        channel.disconnectedAt = now;
        channel.lastDisconnectCode = code;
        channel.lastDisconnectReason = reason;
        channel.lastQr = null;
        channel.qrExpiresAt = null;
        return epochs.close(channel.id, now, code, reason).chain(() -> publish(new ChannelDisconnected(
                UUID.randomUUID(), now, ref(channel), channel.connectionEpoch, reason, code, reconnecting)));
    }

    /** The device is gone: credentials wiped, a new QR scan is needed ({@code POST /channels/{id}/start}). */
    @WithTransaction
    public Uni<Void> loggedOut(LoggedOut loggedOut) {
        return change(loggedOut.channelId(), channel -> {
            channel.state = ChannelState.LOGGED_OUT;
            channel.authState = null;
            channel.lastQr = null;
            channel.qrExpiresAt = null;
            String reason = loggedOut.reason() == null ? "logged out" : loggedOut.reason();
            LOG.warnf("channel %s logged out (%s): it needs a new QR scan", channel.id, reason);
            Instant now = now();
            // A logout by the gateway ends the session without a disconnect event: it ends the epoch too.
            return epochs.close(channel.id, now, null, reason)
                    .chain(() -> publish(new ChannelLoggedOut(UUID.randomUUID(), now, ref(channel), reason)));
        });
    }

    /** An engine error about a channel, not an answer to a command: kept on the channel for the operator. */
    @WithTransaction
    public Uni<Void> engineError(Failure failure) {
        LOG.warnf("engine error%s: %s %s", failure.channelId() == null ? "" : " on channel " + failure.channelId(),
                failure.code(), failure.message());
        if (failure.channelId() == null) {
            return Uni.createFrom().voidItem();
        }
        return change(failure.channelId(), channel -> {
            channel.lastError = failure.code() + ": " + failure.message();
            return Uni.createFrom().voidItem();
        });
    }

    /** The engine could not start the channel; the gateway tries again when the engine (re)starts. */
    @WithTransaction
    public Uni<Void> failed(String channelId, String reason) {
        return change(channelId, channel -> {
            channel.state = ChannelState.FAILED;
            channel.lastError = reason;
            channel.lastQr = null;
            channel.qrExpiresAt = null;
            return Uni.createFrom().voidItem();
        });
    }

    /** The engine process died: its sessions went with it. Returns how many channels that took down. */
    @WithTransaction
    public Uni<Integer> engineExited(String reason) {
        return channels.findInStates(List.of(ChannelState.CONNECTED, ChannelState.WAITING_FOR_QR))
                .flatMap(affected -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (Channel channel : affected) {
                        all = all.chain(() -> {
                            channel.updatedAt = now();
                            return disconnect(channel, null, reason, true);
                        });
                    }
                    return all.replaceWith(affected.size());
                });
    }

    private Uni<Void> change(String channelId, Function<Channel, Uni<Void>> change) {
        return channels.findById(channelId).flatMap(channel -> {
            if (channel == null) {
                LOG.warnf("the engine reported on channel %s, which does not exist here; ignored", channelId);
                return Uni.createFrom().voidItem();
            }
            channel.updatedAt = now();
            return change.apply(channel);
        });
    }

    private Uni<Void> publish(ChannelStatusEvent event) {
        return outbox.publish(Topics.CHANNEL_STATUS, event);
    }

    static ChannelRef ref(Channel channel) {
        return ChannelRef.whatsapp(channel.id);
    }

    /** {@code +5511...} from what an engine may report: E.164 already, digits, or a JID with a device suffix. */
    static String e164(String phone) {
        String user = phone.contains("@") ? phone.substring(0, phone.indexOf('@')) : phone;
        if (user.contains(":")) {
            user = user.substring(0, user.indexOf(':'));
        }
        return "+" + user.replaceAll("\\D", "");
    }
}
