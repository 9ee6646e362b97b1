package io.atende.gateway.service;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.MalformedEventException;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.DeliveryStatus;
import io.atende.contracts.channel.MessageKind;
import io.atende.contracts.channel.OutboundMessageRequested;
import io.atende.gateway.Channel;
import io.atende.gateway.ChannelState;
import io.atende.gateway.OutboundMessage;
import io.atende.gateway.OutboundStatus;
import io.atende.gateway.engine.EngineCommandException;
import io.atende.gateway.engine.EngineEvent.Receipt;
import io.atende.gateway.engine.WhatsAppEngine;
import io.atende.gateway.mapping.DeliveryMapper;
import io.atende.gateway.repository.ChannelRepository;
import io.atende.gateway.repository.OutboundMessageRepository;
import io.atende.platform.messaging.Redelivery;
import io.atende.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends {@code channel.outbound.v1} commands through the engine, once per command id, and announces every outcome on
 * {@code channel.delivery.v1} (SENT, DELIVERED, READ, or FAILED with the reason: never silence).
 *
 * <p>Once-only: the command is <em>claimed</em> first, an {@code outbound_message} row (status QUEUED) committed;
 * the instance that runs the engine then takes it (QUEUED to SENDING, committed, one taker only) before the engine is
 * asked to send. A redelivered command finds the row and is not sent again. The crash window is between the SENDING
 * commit and recording the engine's answer: a redelivery then finds SENDING, cannot know whether WhatsApp
 * got the message, and does not send it again (a duplicate reply to a customer is the worse error); it marks it FAILED
 * "outcome unknown" instead. The WhatsApp id is chosen at claim time and handed to the engine, so a late receipt for
 * that message still finds the row and corrects it to DELIVERED/READ.
 */
@ApplicationScoped
public class OutboundSender {

    private static final Logger LOG = Logger.getLogger(OutboundSender.class);
    private static final Pattern PHONE = Pattern.compile("\\+?(\\d{8,15})");
    private static final Pattern PHONE_JID = Pattern.compile("\\d{8,15}@s\\.whatsapp\\.net");
    private static final Pattern LID_JID = Pattern.compile("\\d{1,20}@lid");
    static final String UNKNOWN_OUTCOME = "outcome unknown: the gateway stopped while this command was being sent;"
            + " it is not sent again, to avoid a duplicate message";

    /** What the claim decided. */
    private record Claim(String result, String toJid, String externalId, String text) {

        boolean send() {
            return toJid != null;
        }

        static Claim done(String result) {
            return new Claim(result, null, null, null);
        }
    }

    private final ChannelRepository channels;
    private final OutboundMessageRepository outbound;
    private final WhatsAppEngine engine;
    private final SendRateLimiter limiter;
    private final DeliveryMapper mapper;
    private final Outbox outbox;

    public OutboundSender(ChannelRepository channels, OutboundMessageRepository outbound, WhatsAppEngine engine,
            SendRateLimiter limiter, DeliveryMapper mapper, Outbox outbox) {
        this.channels = channels;
        this.outbound = outbound;
        this.engine = engine;
        this.limiter = limiter;
        this.mapper = mapper;
        this.outbox = outbox;
    }

    /**
     * Claims one command; answers what happened ({@code queued}: claimed, to be sent from its channel's lane,
     * {@code duplicate}, {@code rejected}, {@code abandoned}, {@code ignored-other-channel}). A command that is not
     * valid fails with {@link MalformedEventException} (the consumer dead-letters it). Must be called on a Vert.x
     * context.
     */
    public Uni<String> claimToSend(OutboundMessageRequested command) {
        if (!ChannelRef.WHATSAPP.equals(command.channel().type())) {
            return Uni.createFrom().item("ignored-other-channel");
        }
        if (command.kind() == MessageKind.TEXT && (command.text() == null || command.text().isBlank())) {
            throw new MalformedEventException("OutboundMessageRequested " + command.eventId() + ": kind TEXT needs a text");
        }
        return Redelivery.<Claim>withRetries(() -> claim(command)).map(Claim::result);
    }

    /**
     * Sends a claimed (QUEUED) command, once: waits for the channel's rate limit, takes the row (QUEUED to SENDING,
     * committed, one taker only), asks the engine, records the outcome with its receipt.
     */
    public Uni<String> sendQueued(UUID commandId, String channelId) {
        return pause(limiter.reserve(channelId))
                .flatMap(ignored -> Redelivery.<OutboundMessage>withRetries(() -> take(commandId)))
                .flatMap(row -> {
                    if (row == null) {
                        // Another taker has it, or its channel is not connected now: it waits in the queue.
                        return Uni.createFrom().item("waiting");
                    }
                    return engine.send(row.channelId, row.toJid, row.text, row.externalMessageId)
                            .onItemOrFailure().transformToUni((id, failure) -> failure == null
                                    ? Redelivery.<String>withRetries(() -> sent(commandId, id))
                                    : Redelivery.<String>withRetries(() -> failed(commandId, reason(failure))));
                });
    }

    /** Waits for the rate limiter, then continues on the caller's Vert.x context (Hibernate Reactive needs it). */
    private static Uni<Void> pause(Duration wait) {
        if (wait.isZero()) {
            return Uni.createFrom().voidItem();
        }
        Context context = Vertx.currentContext();
        Uni<Void> delayed = Uni.createFrom().voidItem().onItem().delayIt().by(wait);
        return context == null ? delayed : delayed.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    /** A command that waited in the queue too long (its channel did not come back): FAILED, with the reason. */
    @WithTransaction
    public Uni<Void> expire(UUID commandId, Duration waited) {
        return outbound.findById(commandId).flatMap(row -> row == null || row.status != OutboundStatus.QUEUED
                ? Uni.createFrom().voidItem()
                : fail(row, "channel-not-connected: channel " + row.channelId + " was not connected for "
                        + waited.toMinutes() + " min after the command arrived; not sent"));
    }

    /** The row if this caller took it from the queue, else null (another caller has it, or it is not queued). */
    @WithTransaction
    Uni<OutboundMessage> take(UUID commandId) {
        return outbound.take(commandId).flatMap(taken -> taken ? outbound.findById(commandId)
                : Uni.createFrom().nullItem());
    }

    @WithTransaction
    Uni<Claim> claim(OutboundMessageRequested command) {
        return outbound.findById(command.eventId()).flatMap(existing -> {
            if (existing != null) {
                if (existing.status != OutboundStatus.SENDING) {
                    // QUEUED: it will be sent from the queue; anything else: it was.
                    return Uni.createFrom().item(Claim.done("duplicate"));
                }
                LOG.warnf("outbound command %s was claimed at %s but its outcome was never recorded; not resending",
                        command.eventId(), existing.claimedAt);
                return fail(existing, UNKNOWN_OUTCOME).replaceWith(Claim.done("abandoned"));
            }
            return channels.findById(command.channel().id()).flatMap(channel -> {
                Instant now = ChannelLifecycle.now();
                OutboundMessage row = new OutboundMessage();
                row.commandId = command.eventId();
                row.channelId = command.channel().id();
                row.contactAddress = command.contactAddress();
                row.messageId = command.messageId();
                row.externalMessageId = whatsappId(command.eventId());
                row.status = OutboundStatus.QUEUED;
                row.claimedAt = now;
                row.updatedAt = now;
                String toJid = jid(command.contactAddress());
                row.toJid = toJid;
                row.text = command.text();
                String refusal = refusal(command, channel, toJid);
                if (refusal != null) {
                    row.status = OutboundStatus.FAILED;
                    row.reason = refusal;
                    return row.persist().chain(() -> publish(row, DeliveryStatus.FAILED))
                            .replaceWith(Claim.done("rejected"));
                }
                return row.persist().replaceWith(new Claim("queued", toJid, row.externalMessageId, command.text()));
            });
        });
    }

    /** Why the command cannot be sent, or null. */
    private static String refusal(OutboundMessageRequested command, Channel channel, String toJid) {
        if (channel == null) {
            return "unknown-channel: there is no channel " + command.channel().id();
        }
        if (channel.state != ChannelState.CONNECTED && channel.state != ChannelState.DISCONNECTED) {
            // DISCONNECTED is a dropped connection the engine is getting back: the command waits in the queue.
            return "channel-not-connected: channel " + channel.id + " is " + channel.state
                    + (channel.state == ChannelState.LOGGED_OUT ? " (it needs a new QR scan)" : "");
        }
        if (command.kind() != MessageKind.TEXT) {
            return "unsupported-kind: sending " + command.kind() + " messages is not supported yet (text only)";
        }
        if (toJid == null) {
            return "invalid-number: " + command.contactAddress()
                    + " is not a WhatsApp phone number or LID (E.164, ...@s.whatsapp.net or ...@lid)";
        }
        return null;
    }

    @WithTransaction
    Uni<String> sent(UUID commandId, String externalId) {
        return outbound.findById(commandId).flatMap(row -> {
            Instant now = ChannelLifecycle.now();
            row.sentAt = now;
            row.updatedAt = now;
            if (externalId != null) {
                row.externalMessageId = externalId;
            }
            if (row.status != OutboundStatus.SENDING && row.status != OutboundStatus.FAILED) {
                // A receipt (DELIVERED, READ) was faster than the engine's answer: it already said more than SENT.
                return Uni.createFrom().item("sent");
            }
            row.status = OutboundStatus.SENT;
            row.reason = null;
            return publish(row, DeliveryStatus.SENT).replaceWith("sent");
        });
    }

    @WithTransaction
    Uni<String> failed(UUID commandId, String reason) {
        return outbound.findById(commandId).flatMap(row -> row.status == OutboundStatus.SENDING
                ? fail(row, reason).replaceWith("failed")
                : Uni.createFrom().item("failed"));
    }

    private Uni<Void> fail(OutboundMessage row, String reason) {
        row.status = OutboundStatus.FAILED;
        row.reason = reason;
        row.updatedAt = ChannelLifecycle.now();
        LOG.warnf("outbound command %s on channel %s failed: %s", row.commandId, row.channelId, reason);
        return publish(row, DeliveryStatus.FAILED);
    }

    /** A delivered/read receipt from the engine: moves the message forward (never back) and announces it. */
    @WithTransaction
    public Uni<Void> receipt(Receipt receipt) {
        OutboundStatus target = switch (receipt.status().toLowerCase(Locale.ROOT)) {
            case "delivered" -> OutboundStatus.DELIVERED;
            case "read", "played" -> OutboundStatus.READ;
            default -> null;
        };
        if (target == null) {
            LOG.debugf("receipt status %s ignored", receipt.status());
            return Uni.createFrom().voidItem();
        }
        return outbound.findByExternalId(receipt.channelId(), receipt.messageId()).flatMap(row -> {
            if (row == null) {
                // e.g. a message typed on the business phone: not sent through Atende
                return Uni.createFrom().voidItem();
            }
            if (row.status.rank() >= target.rank()) {
                return Uni.createFrom().voidItem();
            }
            row.status = target;
            row.reason = null;
            row.updatedAt = ChannelLifecycle.now();
            return publish(row, target == OutboundStatus.READ ? DeliveryStatus.READ : DeliveryStatus.DELIVERED);
        });
    }

    private Uni<Void> publish(OutboundMessage row, DeliveryStatus status) {
        return outbox.publish(Topics.CHANNEL_DELIVERY, mapper.receipt(row, status, ChannelLifecycle.now()));
    }

    private static String reason(Throwable failure) {
        if (failure instanceof EngineCommandException command) {
            return command.code() + ": " + failure.getMessage();
        }
        return "engine-unavailable: " + (failure.getMessage() == null ? failure.toString() : failure.getMessage());
    }

    /** A contact address as a JID to send to: E.164, a phone-number JID or a LID; null if it is none of them. */
    static String jid(String address) {
        if (address == null) {
            return null;
        }
        String trimmed = address.strip();
        var phone = PHONE.matcher(trimmed);
        if (phone.matches()) {
            return phone.group(1) + "@s.whatsapp.net";
        }
        return PHONE_JID.matcher(trimmed).matches() || LID_JID.matcher(trimmed).matches() ? trimmed : null;
    }

    /** The WhatsApp id to send a command under: derived from the command id, shaped like Baileys' own ids. */
    static String whatsappId(UUID commandId) {
        String hex = HexFormat.of().withUpperCase().toHexDigits(commandId.getMostSignificantBits())
                + HexFormat.of().withUpperCase().toHexDigits(commandId.getLeastSignificantBits());
        return "3EB0" + hex.substring(0, 18);
    }
}
