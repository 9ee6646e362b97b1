package io.atende.gateway.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.atende.gateway.Channel;
import io.atende.gateway.engine.EngineEvent;
import io.atende.gateway.engine.EngineEvent.Ack;
import io.atende.gateway.engine.EngineEvent.Auth;
import io.atende.gateway.engine.EngineEvent.ChannelEvent;
import io.atende.gateway.engine.EngineEvent.Connected;
import io.atende.gateway.engine.EngineEvent.Disconnected;
import io.atende.gateway.engine.EngineEvent.Failure;
import io.atende.gateway.engine.EngineEvent.History;
import io.atende.gateway.engine.EngineEvent.LoggedOut;
import io.atende.gateway.engine.EngineEvent.MessageUpsert;
import io.atende.gateway.engine.EngineEvent.Qr;
import io.atende.gateway.engine.EngineEvent.Ready;
import io.atende.gateway.engine.EngineEvent.Receipt;
import io.atende.gateway.engine.EngineLease;
import io.atende.gateway.engine.EngineListener;
import io.atende.gateway.engine.WhatsAppEngine;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.atende.gateway.service.ChannelChanges;
import io.atende.gateway.service.ChannelLifecycle;
import io.atende.gateway.service.ChannelService;
import io.atende.gateway.service.InboundIngest;
import io.atende.gateway.service.InboundIngest.Outcome;
import io.atende.gateway.service.MediaIntake;
import io.atende.gateway.service.MediaIntake.InboundMedia;
import io.atende.gateway.service.OutboundSender;
import io.atende.platform.messaging.Redelivery;
import io.atende.platform.persistence.BatchWork;
import io.atende.platform.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Transport side of the engine: each event, read on the engine's thread, is handled in one transaction on a Vert.x
 * context (Hibernate Reactive needs one), with retries for transient failures; then the outbox relay is woken.
 * Events are handled one at a time, in the engine's order.
 */
@ApplicationScoped
public class EngineEventHandler implements EngineListener {

    private static final Logger LOG = Logger.getLogger(EngineEventHandler.class);

    private final ChannelLifecycle lifecycle;
    private final InboundIngest ingest;
    private final ChannelService channels;
    private final OutboundSender outbound;
    private volatile EngineLease lease;
    private final WhatsAppEngine engine;
    private final ChannelChanges changes;
    private final OutboxRelay relay;
    private final MeterRegistry registry;
    private final MediaIntake mediaIntake;

    public EngineEventHandler(ChannelLifecycle lifecycle, InboundIngest ingest, ChannelService channels,
            OutboundSender outbound, ChannelChanges changes, OutboxRelay relay, MeterRegistry registry,
            WhatsAppEngine engine, MediaIntake mediaIntake) {
        this.mediaIntake = mediaIntake;
        this.engine = engine;
        this.outbound = outbound;
        this.changes = changes;
        this.lifecycle = lifecycle;
        this.ingest = ingest;
        this.channels = channels;
        this.relay = relay;
        this.registry = registry;
    }

    @Override
    public void onEvent(EngineEvent event, Instant readAt) {
        // A media file is taken (read, deleted) before the transaction: blocking I/O off the event loop, and a
        // retried transaction still has the bytes.
        handleOne(event, event instanceof MessageUpsert message
                ? mediaIntake.take(message.channelId(), message.media()) : null, readAt);
    }

    /**
     * Back-to-back messages in one transaction (one fencing read; each message de-duplicated and announced in the
     * order read). If that transaction cannot commit, they are handled one by one, so one bad message costs only
     * itself.
     */
    @Override
    public void onMessages(List<MessageUpsert> messages, List<Instant> readAt) {
        List<InboundMedia> media = new ArrayList<>(messages.size());
        messages.forEach(message -> media.add(mediaIntake.take(message.channelId(), message.media())));
        if (messages.size() == 1) {
            handleOne(messages.get(0), media.get(0), readAt.get(0));
            return;
        }
        List<Integer> order = IntStream.range(0, messages.size()).boxed().toList();
        List<Outcome> outcomes;
        try {
            outcomes = inTransaction(() -> Redelivery.withRetries(() -> Panache.withTransaction(() -> fence()
                    .chain(() -> BatchWork.inOrder(order, i -> ingest.message(messages.get(i), media.get(i),
                            readAt.get(i)))))));
        } catch (Throwable failure) {
            LOG.warnf("%d engine messages could not be taken in together (%s); one by one", messages.size(),
                    failure.toString());
            for (int i = 0; i < messages.size(); i++) {
                handleOne(messages.get(i), media.get(i), readAt.get(i));
            }
            return;
        }
        relay.wake();
        messages.stream().map(MessageUpsert::channelId).distinct().forEach(changes::changed);
        outcomes.forEach(this::count);
    }

    private void handleOne(EngineEvent event, InboundMedia media, Instant readAt) {
        if (event instanceof ChannelEvent channelEvent) {
            MDC.put("channelId", channelEvent.channelId());
        }
        try {
            Object result = inTransaction(() -> Redelivery.withRetries(
                    () -> Panache.withTransaction(() -> fence().chain(() -> dispatch(event, media, readAt)))));
            relay.wake();
            if (event instanceof ChannelEvent channelEvent) {
                changes.changed(channelEvent.channelId());
            }
            if (event instanceof Auth auth && auth.seq() != null) {
                // Committed: the engine may go on (it waits for this before it uses the new keys).
                engine.authStored(auth.channelId(), auth.seq());
            }
            if (result instanceof Outcome outcome) {
                count(outcome);
            }
        } catch (Throwable failure) {
            registry.counter("atende.gateway.engine.events.failed").increment();
            LOG.errorf(failure, "engine event %s could not be handled", event.getClass().getSimpleName());
        } finally {
            MDC.remove("channelId");
        }
    }

    /** From now on, engine state is written only while {@code lease}'s fencing token is the current one. */
    public void fenceWith(EngineLease lease) {
        this.lease = lease;
    }

    /**
     * Fencing: the lease row must still carry this instance's token. Read {@code for share}, so a take-over (which
     * bumps the token) waits for this transaction, and every transaction after it sees the new token and writes nothing.
     */
    private Uni<Void> fence() {
        EngineLease current = lease;
        if (current == null) {
            return Uni.createFrom().voidItem();
        }
        long mine = current.token();
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                "select fencing_token from engine_lease where name = :name for share", Long.class)
                .setParameter("name", current.name()).getSingleResultOrNull())
                .flatMap(token -> token != null && token == mine ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new IllegalStateException("stale engine lease: this instance holds"
                                + " fencing token " + mine + ", the database " + token + "; engine event not written")));
    }

    private Uni<?> dispatch(EngineEvent event, InboundMedia media, Instant readAt) {
        return switch (event) {
            case Qr qr -> lifecycle.qrIssued(qr);
            case Auth auth -> lifecycle.authUpdated(auth);
            case Connected connected -> lifecycle.connected(connected);
            case Disconnected disconnected -> lifecycle.disconnected(disconnected);
            case LoggedOut loggedOut -> lifecycle.loggedOut(loggedOut);
            case MessageUpsert message -> ingest.message(message, media, readAt);
            case History history -> ingest.history(history);
            case Failure failure -> lifecycle.engineError(failure);
            case Receipt receipt -> outbound.receipt(receipt);
            case Ready ready -> Uni.createFrom().voidItem();
            case Ack ack -> Uni.createFrom().voidItem();
        };
    }

    private void count(Outcome outcome) {
        registry.counter("atende.gateway.inbound", "outcome", outcome.result()).increment();
        if (outcome.mediaUnavailable() != null) {
            registry.counter("atende.gateway.media.unavailable", "reason", outcome.mediaUnavailable()).increment();
            LOG.warnf("channel %s: a media message was published without its content (%s)", outcome.channelId(),
                    outcome.mediaUnavailable());
        }
        if (outcome.discarded() > 0) {
            registry.counter("atende.gateway.history.discarded", "channel", outcome.channelId())
                    .increment(outcome.discarded());
            LOG.infof("channel %s: %d pre-link message(s) not imported, by design", outcome.channelId(),
                    outcome.discarded());
        }
    }

    /** Starts every channel that should have a session (all but the logged-out ones), one after the other. */
    @Override
    public void onEngineStart() {
        List<Channel> startable;
        try {
            startable = inTransaction(channels::startable);
        } catch (Throwable failure) {
            LOG.errorf(failure, "cannot list the channels to start on the engine");
            return;
        }
        for (Channel channel : startable) {
            try {
                inTransaction(() -> channels.startOnEngine(channel.id, channel.authState));
            } catch (Throwable failure) {
                LOG.errorf(failure, "channel %s could not be started", channel.id);
            }
        }
        if (!startable.isEmpty()) {
            LOG.infof("started %d channel(s) on the engine", startable.size());
        }
        relay.wake();
        changes.changed(ChannelChanges.ALL);
    }

    @Override
    public void onEngineExit(String reason) {
        try {
            int down = inTransaction(() -> Redelivery.withRetries(() -> lifecycle.engineExited(reason)));
            relay.wake();
            changes.changed(ChannelChanges.ALL);
            LOG.warnf("%d channel(s) disconnected with the engine process", down);
        } catch (Throwable failure) {
            LOG.errorf(failure, "cannot record the channels' disconnection");
        }
    }

    /** Runs reactive work on a new Vert.x duplicated context and waits for it (never call on an event loop). */
    private static <T> T inTransaction(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
