package io.atende.gateway.listener;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.atende.contracts.JsonCodec;
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
import io.atende.gateway.engine.EngineListener;
import io.atende.gateway.engine.WhatsAppEngine;
import io.atende.gateway.service.ChannelChanges;
import io.atende.gateway.service.ChannelLifecycle;
import io.atende.gateway.service.ChannelService;
import io.atende.gateway.service.EngineFence;
import io.atende.gateway.service.InboundIngest;
import io.atende.gateway.service.InboundIngest.Inbound;
import io.atende.gateway.service.InboundIngest.Outcome;
import io.atende.gateway.service.MediaIntake;
import io.atende.gateway.service.MediaIntake.InboundMedia;
import io.atende.gateway.service.OutboundSender;
import io.atende.platform.messaging.Redelivery;
import io.atende.platform.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Transport side of the engine: each event, read on the engine's thread, is handled in one transaction on a Vert.x
 * context, with retries for transient failures; then the outbox relay is woken. Events are handled one at a time
 * (a run of back-to-back messages together), in the engine's order.
 */
@ApplicationScoped
public class EngineEventHandler implements EngineListener {

    private static final Logger LOG = Logger.getLogger(EngineEventHandler.class);

    private final ChannelLifecycle lifecycle;
    private final InboundIngest ingest;
    private final ChannelService channels;
    private final OutboundSender outbound;
    private final EngineFence fence;
    private final WhatsAppEngine engine;
    private final ChannelChanges changes;
    private final OutboxRelay relay;
    private final MeterRegistry registry;
    private final MediaIntake mediaIntake;

    public EngineEventHandler(ChannelLifecycle lifecycle, InboundIngest ingest, ChannelService channels,
            OutboundSender outbound, ChannelChanges changes, OutboxRelay relay, MeterRegistry registry,
            WhatsAppEngine engine, MediaIntake mediaIntake, EngineFence fence) {
        this.fence = fence;
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
     * Back-to-back messages in one transaction (one fencing read; the messages de-duplicated and announced together,
     * in the order read; see {@link InboundIngest#messages}). If that transaction cannot commit, they are handled
     * one by one, so one bad message costs only itself.
     */
    @Override
    public void onMessages(List<MessageUpsert> messages, List<Instant> readAt) {
        List<Inbound> run = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            MessageUpsert message = messages.get(i);
            run.add(new Inbound(message, mediaIntake.take(message.channelId(), message.media()), readAt.get(i)));
        }
        if (run.size() == 1) {
            handleOne(run.get(0).upsert(), run.get(0).media(), run.get(0).receivedAt());
            return;
        }
        List<Outcome> outcomes;
        try {
            outcomes = awaitOnVertx(() -> Redelivery.withRetries(() -> ingest.messages(run)));
        } catch (Throwable failure) {
            LOG.warnf("%d engine messages could not be taken in together (%s); one by one", messages.size(),
                    failure.toString());
            run.forEach(one -> handleOne(one.upsert(), one.media(), one.receivedAt()));
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
            Object result = awaitOnVertx(() -> Redelivery.withRetries(() -> dispatch(event, media, readAt)));
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
            if (event instanceof MessageUpsert message) {
                park(message, media, failure);
            } else {
                registry.counter("atende.gateway.engine.events.failed").increment();
                LOG.errorf(failure, "engine event %s could not be handled", event.getClass().getSimpleName());
            }
        } finally {
            MDC.remove("channelId");
        }
    }

    /** A message that retries could not store is kept whole instead of dropped ({@link InboundIngest#park}). */
    private void park(MessageUpsert message, InboundMedia media, Throwable failure) {
        String messageId = message.key() == null ? null : message.key().id();
        try {
            awaitOnVertx(() -> Redelivery.withRetries(() -> ingest.park(message, media, failure)));
            registry.counter("atende.gateway.inbound.parked", "channel", message.channelId()).increment();
            LOG.errorf(failure, "channel %s: message %s could not be stored; kept in inbound_parked with the reason",
                    message.channelId(), messageId);
        } catch (Throwable parkFailed) {
            // The last place left: the log carries the whole event, so that an operator can still replay it.
            registry.counter("atende.gateway.engine.events.failed").increment();
            LOG.errorf(failure, "channel %s: message %s could not be stored nor parked (%s); the event: %s",
                    message.channelId(), messageId, parkFailed.toString(), JsonCodec.write(message));
        }
    }

    /**
     * Each event in a fenced transaction of its own: messages and history on the reactive client
     * ({@link InboundIngest}), the rest through Hibernate.
     */
    private Uni<?> dispatch(EngineEvent event, InboundMedia media, Instant readAt) {
        return switch (event) {
            case MessageUpsert message -> ingest.messages(List.of(new Inbound(message, media, readAt)))
                    .map(outcomes -> outcomes.get(0));
            case History history -> ingest.history(history);
            case Ready ready -> Uni.createFrom().voidItem();
            case Ack ack -> Uni.createFrom().voidItem();
            default -> Panache.withTransaction(() -> fence.check().chain(() -> switch (event) {
                case Qr qr -> lifecycle.qrIssued(qr);
                case Auth auth -> lifecycle.authUpdated(auth);
                case Connected connected -> lifecycle.connected(connected);
                case Disconnected disconnected -> lifecycle.disconnected(disconnected);
                case LoggedOut loggedOut -> lifecycle.loggedOut(loggedOut);
                case Failure failure -> lifecycle.engineError(failure);
                case Receipt receipt -> outbound.receipt(receipt);
                default -> throw new IllegalStateException("unexpected engine event " + event);
            }));
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
            startable = awaitOnVertx(channels::startable);
        } catch (Throwable failure) {
            LOG.errorf(failure, "cannot list the channels to start on the engine");
            return;
        }
        for (Channel channel : startable) {
            try {
                awaitOnVertx(() -> channels.startOnEngine(channel.id, channel.authState));
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
            int down = awaitOnVertx(() -> Redelivery.withRetries(() -> lifecycle.engineExited(reason)));
            relay.wake();
            changes.changed(ChannelChanges.ALL);
            LOG.warnf("%d channel(s) disconnected with the engine process", down);
        } catch (Throwable failure) {
            LOG.errorf(failure, "cannot record the channels' disconnection");
        }
    }

    /** Runs reactive work on a new Vert.x duplicated context and waits for it (never call on an event loop). */
    private static <T> T awaitOnVertx(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
