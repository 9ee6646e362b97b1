package io.atende.gateway.service;

import java.util.List;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.atende.contracts.JsonCodec;
import io.atende.gateway.Channel;
import io.atende.gateway.ChannelState;
import io.atende.gateway.engine.EngineCommandException;
import io.atende.gateway.engine.EngineUnavailableException;
import io.atende.gateway.engine.WhatsAppEngine;
import io.atende.gateway.mapping.ChannelMapper;
import io.atende.gateway.repository.ChannelRepository;
import io.atende.gateway.rest.ChannelPatch;
import io.atende.gateway.rest.ChannelView;
import io.atende.gateway.rest.EpochView;
import io.atende.gateway.repository.ConnectionEpochRepository;
import io.atende.gateway.rest.NewChannel;
import io.atende.platform.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Channel administration: create, show, and start or log out a channel's session on the engine. */
@ApplicationScoped
public class ChannelService {

    private static final Logger LOG = Logger.getLogger(ChannelService.class);
    /** Lower-case letters, digits and inner hyphens, at most 63: safe in Kafka keys, URLs and metric tags. */
    private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_NAME = 120;
    private static final Pattern E164 = Pattern.compile("\\+?[1-9]\\d{7,14}");

    private final ChannelRepository channels;
    private final ChannelLifecycle lifecycle;
    private final WhatsAppEngine engine;
    private final ChannelMapper mapper;
    private final ConnectionEpochRepository epochs;

    public ChannelService(ChannelRepository channels, ChannelLifecycle lifecycle, WhatsAppEngine engine,
            ChannelMapper mapper, ConnectionEpochRepository epochs) {
        this.epochs = epochs;
        this.channels = channels;
        this.lifecycle = lifecycle;
        this.engine = engine;
        this.mapper = mapper;
    }

    @WithTransaction
    public Uni<Channel> create(NewChannel request) {
        if (request == null) {
            throw ProblemException.badRequest("a body {\"id\": \"support-sp\", \"name\": \"Suporte SP\"} is required");
        }
        if (request.id() == null || !SLUG.matcher(request.id()).matches()) {
            throw ProblemException.badRequest("id must be a slug of lower-case letters, digits and hyphens"
                    + " (at most 63, no leading or trailing hyphen), e.g. support-sp; got " + request.id());
        }
        requireName(request.name());
        return channels.findById(request.id()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(ProblemException.conflict("channel " + request.id() + " exists"));
            }
            Channel channel = new Channel();
            channel.id = request.id();
            channel.name = request.name().strip();
            channel.groupsEnabled = Boolean.TRUE.equals(request.groupsEnabled());
            channel.state = ChannelState.NEW;
            channel.createdAt = ChannelLifecycle.now();
            channel.updatedAt = channel.createdAt;
            return channels.persist(channel);
        });
    }

    /** Changes what an admin may change on a channel: its name, whether group chats are ingested. */
    @WithTransaction
    public Uni<Void> update(String id, ChannelPatch patch) {
        if (patch == null || patch.name() == null && patch.groupsEnabled() == null) {
            throw ProblemException.badRequest("a body with name and/or groupsEnabled is required");
        }
        if (patch.name() != null) {
            requireName(patch.name());
        }
        return find(id).invoke(channel -> {
            if (patch.name() != null) {
                channel.name = patch.name().strip();
            }
            if (patch.groupsEnabled() != null) {
                channel.groupsEnabled = patch.groupsEnabled();
            }
            channel.updatedAt = ChannelLifecycle.now();
        }).replaceWithVoid();
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank() || name.strip().length() > MAX_NAME) {
            throw ProblemException.badRequest("name is required (at most " + MAX_NAME + " characters)");
        }
    }

    @WithSession
    public Uni<ChannelView> view(String id) {
        return find(id).map(channel -> mapper.view(channel, engine.name()));
    }

    /** The channel's connection epochs, oldest first: when it was up, and how each interval ended. */
    @WithSession
    public Uni<List<EpochView>> epochs(String id) {
        return find(id).flatMap(channel -> epochs.ofChannel(channel.id))
                .map(all -> all.stream().map(mapper::view).toList());
    }

    @WithSession
    public Uni<List<ChannelView>> list() {
        return channels.listById().map(all -> all.stream().map(channel -> mapper.view(channel, engine.name())).toList());
    }

    @WithSession
    public Uni<Channel> find(String id) {
        return channels.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("no channel " + id));
    }

    /** The channels to start when the engine (re)starts: all but the logged-out ones. */
    @WithSession
    public Uni<List<Channel>> startable() {
        return channels.findStartable();
    }

    /**
     * Opens the channel's session on the engine, with its stored credentials if any. Never fails: if the engine
     * cannot start it, the channel shows FAILED and why, and the gateway tries again when the engine (re)starts.
     */
    public Uni<Void> startOnEngine(String channelId, String authState) {
        if (engine.standingBy()) {
            // Another instance runs the engine; it starts the channel (it picks up new channels as it goes).
            return Uni.createFrom().voidItem();
        }
        return engine.start(channelId, auth(channelId, authState))
                .onFailure().recoverWithUni(failure -> {
                    String reason = failure.getMessage() != null ? failure.getMessage() : failure.toString();
                    LOG.warnf("channel %s could not be started on the '%s' engine: %s", channelId, engine.name(), reason);
                    return lifecycle.failed(channelId, reason);
                });
    }

    /** Starts (or restarts) a channel on an admin's request, e.g. for a new QR after a logout. */
    public Uni<Void> start(String id) {
        return find(id).flatMap(channel -> startOnEngine(channel.id, channel.authState));
    }

    public Uni<Void> logout(String id) {
        return find(id).flatMap(channel -> engine.logout(channel.id)
                .onFailure(EngineCommandException.class).transform(failure -> ProblemException.conflict(
                        "channel " + id + " has no session on the engine to log out: " + failure.getMessage())));
    }

    /**
     * A pairing code to type on the phone (WhatsApp, Linked devices, Link with phone number) instead of scanning
     * the QR. {@code phoneNumber}: the business number, E.164.
     */
    public Uni<PairingCode> pairingCode(String id, String phoneNumber) {
        String digits = phoneNumber == null ? null : phoneNumber.strip().replaceAll("[\\s().-]", "");
        if (digits == null || !E164.matcher(digits).matches()) {
            throw ProblemException.badRequest("phoneNumber must be the business number in E.164, e.g. +551130001000;"
                    + " got " + phoneNumber);
        }
        String e164 = digits.startsWith("+") ? digits : "+" + digits;
        return find(id).flatMap(channel -> {
            if (channel.state != ChannelState.WAITING_FOR_QR) {
                return Uni.createFrom().failure(ProblemException.conflict("channel " + id + " is " + channel.state
                        + ": a pairing code is only offered while it waits for a QR scan (POST /channels/" + id
                        + "/start after a logout)"));
            }
            return engine.requestPairingCode(id, e164).map(code -> new PairingCode(id, e164, code));
        }).onFailure(EngineCommandException.class).transform(failure -> {
            EngineCommandException command = (EngineCommandException) failure;
            return "invalid-number".equals(command.code()) ? ProblemException.badRequest(command.getMessage())
                    : ProblemException.conflict(command.getMessage());
        }).onFailure(EngineUnavailableException.class).transform(failure -> new ProblemException(503,
                "Engine unavailable", failure.getMessage()));
    }

    /** The QR text to scan now; 409 unless the channel is waiting for a scan. */
    @WithSession
    public Uni<String> qr(String id) {
        return find(id).map(channel -> {
            if (channel.state != ChannelState.WAITING_FOR_QR || channel.lastQr == null) {
                throw ProblemException.conflict("channel " + id + " shows no QR: it is " + channel.state);
            }
            return channel.lastQr;
        });
    }

    /** {@code code} as WhatsApp shows it to be typed (8 characters). */
    public record PairingCode(String channelId, String phoneNumber, String code) {
    }

    private static JsonNode auth(String channelId, String authState) {
        if (authState == null) {
            return null;
        }
        try {
            return JsonCodec.mapper().readTree(authState);
        } catch (JsonProcessingException e) {
            LOG.errorf("channel %s: stored credentials are not JSON (%s); starting without them", channelId,
                    e.getOriginalMessage());
            return null;
        }
    }
}
