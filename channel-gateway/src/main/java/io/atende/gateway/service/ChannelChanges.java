package io.atende.gateway.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * "Channel X changed", in this gateway instance, after the change is committed: what the link page's event stream
 * listens to. Only the instance that runs the engine hears the engine's changes, so streams also re-read the channel
 * now and then (see {@code ChannelResource#events}).
 */
@ApplicationScoped
public class ChannelChanges {

    /** Said when every channel may have changed (the engine exited or started). */
    public static final String ALL = "*";

    private final BroadcastProcessor<String> changes = BroadcastProcessor.create();

    public void changed(String channelId) {
        changes.onNext(channelId);
    }

    public Multi<String> of(String channelId) {
        return changes.filter(changed -> changed.equals(channelId) || changed.equals(ALL));
    }
}
