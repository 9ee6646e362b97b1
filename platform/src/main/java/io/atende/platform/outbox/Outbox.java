package io.atende.platform.outbox;

import java.util.List;

import io.atende.contracts.Event;
import io.atende.contracts.JsonCodec;
import io.atende.platform.persistence.Columns;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Records events in the caller's transaction. They reach Kafka through {@link OutboxRelay} only if that transaction
 * commits, so a state change and the event announcing it never diverge.
 */
@ApplicationScoped
public class Outbox {

    /** An event and the topic it goes to. */
    public record Entry(String topic, Event event) {
    }

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

    /**
     * Records the events in one statement on {@code connection}, inside its transaction, relayed in the given order
     * (the rows take their sequence numbers in it).
     */
    public Uni<Void> publish(SqlConnection connection, List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("insert into outbox_event (id, topic, message_key, event_type, payload, occurred_at)"
                + " select id, topic, message_key, event_type, payload, occurred_at"
                + " from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])"
                + " with ordinality as e(id, topic, message_key, event_type, payload, occurred_at, position)"
                + " order by position")
                .execute(Columns.of(entries).uuid(entry -> entry.event().eventId()).text(Entry::topic)
                        .text(entry -> entry.event().partitionKey()).text(entry -> Event.typeOf(entry.event()))
                        .text(entry -> JsonCodec.write(entry.event())).timestamp(entry -> entry.event().occurredAt())
                        .tuple())
                .replaceWithVoid();
    }
}
