package io.atende.contracts.ticket;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.atende.contracts.Event;
import io.atende.contracts.Require;

/** Every ticket state change ({@code ticket.events.v1}), keyed by ticket id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(TicketOpened.class),
        @JsonSubTypes.Type(TicketRoutedToDepartment.class),
        @JsonSubTypes.Type(TicketAssigned.class),
        @JsonSubTypes.Type(CustomerMessageReceived.class),
        @JsonSubTypes.Type(AgentReplied.class),
        @JsonSubTypes.Type(BotMessageSent.class),
        @JsonSubTypes.Type(TicketTransferred.class),
        @JsonSubTypes.Type(TicketPriorityChanged.class),
        @JsonSubTypes.Type(TicketWaitingOnCustomer.class),
        @JsonSubTypes.Type(TicketResolved.class),
        @JsonSubTypes.Type(TicketReopened.class),
        @JsonSubTypes.Type(TicketClosed.class)
})
public sealed interface TicketEvent extends Event
        permits TicketOpened, TicketRoutedToDepartment, TicketAssigned, CustomerMessageReceived, AgentReplied,
        BotMessageSent, TicketTransferred, TicketPriorityChanged, TicketWaitingOnCustomer, TicketResolved,
        TicketReopened, TicketClosed {

    TicketSnapshot ticket();

    @Override
    default void requireComplete() {
        Event.super.requireComplete();
        Require.present(ticket(), "ticket");
        Require.present(ticket().id(), "ticket.id");
    }

    @Override
    default String partitionKey() {
        return ticket().id().toString();
    }
}
