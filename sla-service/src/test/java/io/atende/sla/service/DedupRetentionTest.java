package io.atende.sla.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.atende.platform.inbox.ProcessedEventRetention;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** The de-dup log forgets event ids past the redelivery horizon (14 days) and keeps every one inside it. */
@QuarkusTest
class DedupRetentionTest {

    @Inject
    ProcessedEventRetention retention;

    @Inject
    Pool pool;

    @Test
    void idsOlderThanTheHorizonAreForgottenAndNewerOnesKept() {
        Instant now = Instant.now();
        UUID old = record(now.minus(Duration.ofDays(15)));
        UUID edge = record(now.minus(Duration.ofDays(13)));
        UUID fresh = record(now);

        assertThat(retention.prune(now).await().indefinitely()).isGreaterThanOrEqualTo(1);

        assertThat(stored(List.of(old, edge, fresh))).containsExactlyInAnyOrder(edge, fresh);
    }

    private UUID record(Instant processedAt) {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("insert into processed_event (consumer, event_id, processed_at) values ('retention-test', $1, $2)")
                .executeAndAwait(Tuple.of(id, processedAt.atOffset(ZoneOffset.UTC)));
        return id;
    }

    private List<UUID> stored(List<UUID> ids) {
        return pool.preparedQuery("select event_id from processed_event where event_id = any($1)")
                .executeAndAwait(Tuple.of(ids.toArray(UUID[]::new)))
                .stream().map(row -> row.getUUID(0)).toList();
    }
}
