package io.atende.gateway.service;

import java.util.List;

import io.atende.gateway.Channel;
import io.atende.gateway.ChannelState;
import io.atende.gateway.engine.WhatsAppEngine;
import io.atende.gateway.repository.ChannelRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * On the instance that runs the engine: starts channels created through a standby instance (which stay NEW there,
 * since a standby does not run the engine).
 */
@ApplicationScoped
public class ChannelReconciler {

    private final ChannelRepository channels;
    private final ChannelService service;
    private final WhatsAppEngine engine;

    public ChannelReconciler(ChannelRepository channels, ChannelService service, WhatsAppEngine engine) {
        this.channels = channels;
        this.service = service;
        this.engine = engine;
    }

    @Scheduled(every = "${atende.engine.reconcile-every:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> startNewChannels() {
        if (!engine.available()) {
            return Uni.createFrom().voidItem();
        }
        return fresh().onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(channel -> service.startOnEngine(channel.id, channel.authState))
                .collect().last().replaceWithVoid();
    }

    @WithSession
    Uni<List<Channel>> fresh() {
        return channels.findInStates(List.of(ChannelState.NEW));
    }
}
