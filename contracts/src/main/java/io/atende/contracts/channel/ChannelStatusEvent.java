package io.atende.contracts.channel;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.Event;
import io.atende.contracts.Require;

/** The lifecycle of a channel ({@code channel.status.v1}), keyed by channel id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(ChannelQrIssued.class),
        @JsonSubTypes.Type(ChannelLinked.class),
        @JsonSubTypes.Type(ChannelConnected.class),
        @JsonSubTypes.Type(ChannelDisconnected.class),
        @JsonSubTypes.Type(ChannelLoggedOut.class),
        @JsonSubTypes.Type(ChannelHistoryDiscarded.class)
})
public sealed interface ChannelStatusEvent extends Event
        permits ChannelQrIssued, ChannelLinked, ChannelConnected, ChannelDisconnected, ChannelLoggedOut,
        ChannelHistoryDiscarded {

    ChannelRef channel();

    @Override
    default void requireComplete() {
        Event.super.requireComplete();
        Require.present(channel(), "channel");
        Require.present(channel().id(), "channel.id");
    }

    @Override
    default String partitionKey() {
        return channel().id();
    }
}
