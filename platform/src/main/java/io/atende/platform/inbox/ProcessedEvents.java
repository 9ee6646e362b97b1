package io.atende.platform.inbox;

import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The consumers' de-dup log: an event id is recorded in the same transaction as its effect, so a redelivered
 * event (a crash before the offset commit, a rebalance, a relay resend) has no second effect.
 */
@ApplicationScoped
public class ProcessedEvents {

    /**
     * Records the event as processed by {@code consumer}; true the first time, false for a redelivery. Must run
     * inside the caller's {@code @WithTransaction}.
     */
    public Uni<Boolean> firstDelivery(String consumer, UUID eventId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                "insert into processed_event (consumer, event_id) values (:consumer, :eventId) on conflict do nothing")
                .setParameter("consumer", consumer)
                .setParameter("eventId", eventId)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
