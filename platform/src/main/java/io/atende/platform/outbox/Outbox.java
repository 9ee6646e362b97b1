package io.atende.platform.outbox;

import io.atende.contracts.Event;
import io.atende.contracts.JsonCodec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Records events in the caller's transaction. They reach Kafka through {@link OutboxRelay} only if that transaction
 * commits, so a state change and the event announcing it never diverge.
 */
@ApplicationScoped
public class Outbox {

    /** Must run inside the caller's {@code @WithTransaction}. */
    public Uni<Void> publish(String topic, Event event) {
        OutboxEvent row = new OutboxEvent();
        row.id = event.eventId();
        row.topic = topic;
        row.messageKey = event.partitionKey();
        row.eventType = Event.typeOf(event);
        row.payload = JsonCodec.write(event);
        row.occurredAt = event.occurredAt();
        return row.persist().replaceWithVoid();
    }
}
