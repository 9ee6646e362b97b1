package io.atende.gateway.service;

import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.atende.platform.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One send lane per channel: claimed commands (QUEUED rows, committed) are sent in their order, each after its
 * channel's rate limit allows it, without holding back any other channel's lane or the Kafka consumer, which goes
 * on claiming. Nothing here is the record of a command: a command waiting in a lane is a QUEUED row, so a restart
 * loses none ({@code OutboundQueueDrainer} hands the rows back to the lanes) and the row's one-taker step
 * ({@link OutboundSender#sendQueued}) keeps a command handed over twice from being sent twice.
 */
@ApplicationScoped
public class ChannelSendLanes {

    private static final Logger LOG = Logger.getLogger(ChannelSendLanes.class);

    private record Command(UUID commandId, String channelId, String source) {
    }

    private static final class Lane {
        final Queue<Command> waiting = new ConcurrentLinkedQueue<>();
        final AtomicBoolean sending = new AtomicBoolean();
    }

    private final OutboundSender sender;
    private final OutboxRelay relay;
    private final MeterRegistry registry;
    private final Vertx vertx;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();

    public ChannelSendLanes(OutboundSender sender, OutboxRelay relay, MeterRegistry registry, Vertx vertx) {
        this.vertx = vertx;
        this.sender = sender;
        this.relay = relay;
        this.registry = registry;
    }

    /**
     * Queues a claimed command on its channel's lane; false if it is already waiting there. {@code source} suffixes
     * the outcome in the metric {@code atende.gateway.outbound{outcome}} ("" for "sent", "from-queue" for
     * "sent-from-queue").
     */
    public boolean submit(UUID commandId, String channelId, String source) {
        if (!pending.add(commandId)) {
            return false;
        }
        Lane lane = lanes.computeIfAbsent(channelId, id -> new Lane());
        lane.waiting.add(new Command(commandId, channelId, source));
        next(lane);
        return true;
    }

    private void next(Lane lane) {
        if (!lane.sending.compareAndSet(false, true)) {
            return;
        }
        Command command = lane.waiting.poll();
        if (command == null) {
            lane.sending.set(false);
            if (!lane.waiting.isEmpty()) {
                next(lane); // one arrived between the poll and the release
            }
            return;
        }
        // A new duplicated context per send, marked safe: Hibernate Reactive's sessions need one, and the lane
        // outlives the consumer's or the drainer's context that handed the command over.
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> sender.sendQueued(command.commandId(), command.channelId()).subscribe().with(
                outcome -> {
                    registry.counter("atende.gateway.outbound", "outcome",
                            command.source().isEmpty() ? outcome : outcome + "-" + command.source()).increment();
                    done(lane, command);
                },
                failure -> {
                    LOG.warnf(failure, "channel %s: outbound command %s not sent; it stays queued",
                            command.channelId(), command.commandId());
                    done(lane, command);
                }));
    }

    private void done(Lane lane, Command command) {
        pending.remove(command.commandId());
        relay.wake();
        lane.sending.set(false);
        next(lane);
    }
}
