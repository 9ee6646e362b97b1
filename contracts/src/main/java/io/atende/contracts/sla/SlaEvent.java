package io.atende.contracts.sla;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.atende.contracts.Event;
import io.atende.contracts.Require;

/** SLA timer lifecycle ({@code sla.events.v1}), keyed by ticket id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(SlaTimerStarted.class),
        @JsonSubTypes.Type(SlaWarningRaised.class),
        @JsonSubTypes.Type(SlaBreached.class),
        @JsonSubTypes.Type(SlaMet.class),
        @JsonSubTypes.Type(SlaPaused.class),
        @JsonSubTypes.Type(SlaResumed.class),
        @JsonSubTypes.Type(SlaCancelled.class)
})
public sealed interface SlaEvent extends Event
        permits SlaTimerStarted, SlaWarningRaised, SlaBreached, SlaMet, SlaPaused, SlaResumed, SlaCancelled {

    SlaTimerSnapshot timer();

    @Override
    default void requireComplete() {
        Event.super.requireComplete();
        Require.present(timer(), "timer");
        Require.present(timer().ticketId(), "timer.ticketId");
    }

    @Override
    default String partitionKey() {
        return timer().ticketId().toString();
    }
}
