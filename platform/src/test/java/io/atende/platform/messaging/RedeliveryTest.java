package io.atende.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonMappingException;

import io.atende.contracts.MalformedEventException;
import io.smallrye.mutiny.CompositeException;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * Which failures wait for the database (an outage: retried until it is back) and which are the record's (retried a
 * few times, then dead-lettered). The failures are the ones the reactive client raised while {@code ChaosIT} ended
 * every connection of ticketing's database under its batches.
 */
class RedeliveryTest {

    @Test
    void aConnectionLostUnderAStatementIsAnOutage() {
        assertThat(List.of(new SocketException("Connection reset"), new IOException("Broken pipe"),
                new ConnectException("Connection refused"), ClosedConnectionException.INSTANCE,
                new NoStackTraceThrowable("Pending requests failed to be sent due to connection has been closed."),
                new VertxException("Timeout waiting for connection"), new VertxException("Connection was closed"),
                new NoStackTraceThrowable("Connection is not active now, current status: CLOSED"),
                new NoStackTraceThrowable("Pool closed"),
                new PgException("terminating connection due to administrator command", "FATAL", "57P01", null),
                new PgException("cannot execute INSERT in a read-only transaction", "ERROR", "25006", null),
                new PgException("connection failure", "FATAL", "08006", null)))
                .allMatch(Redelivery::isOutage);
    }

    @Test
    void aLossWrappedOrAmongPipelinedFailuresIsAnOutage() {
        assertThat(Redelivery.isOutage(new CompletionException(new SocketException("Connection reset")))).isTrue();
        assertThat(Redelivery.isOutage(new RuntimeException("HR000021", ClosedConnectionException.INSTANCE))).isTrue();
        assertThat(Redelivery.isOutage(new CompositeException(new IllegalStateException("HR000090: rolled back"),
                new IOException("Broken pipe")))).isTrue();
    }

    @Test
    void aFailureOfTheRecordItselfIsNot() {
        assertThat(List.of(new PgException("duplicate key value violates unique constraint", "ERROR", "23505", null),
                new PgException("invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", "22021", null),
                new JsonMappingException(null, "cannot write the event"), new IllegalStateException("a bug"),
                new VertxException("some other client failure"),
                new CompositeException(new IllegalStateException("one"), new IllegalArgumentException("two"))))
                .noneMatch(Redelivery::isOutage);
    }

    @Test
    void aMalformedRecordIsNotRetried() {
        assertThat(Redelivery.isRetryable(new MalformedEventException("not an event"))).isFalse();
        assertThat(Redelivery.isRetryable(new SocketException("Connection reset"))).isTrue();
    }
}
