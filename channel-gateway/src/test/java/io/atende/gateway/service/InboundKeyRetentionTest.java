package io.atende.gateway.service;

import static io.atende.gateway.GatewayTestSupport.linkedChannel;
import static io.atende.gateway.GatewayTestSupport.newChannelId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** The inbound de-dup keys are forgotten past WhatsApp's redelivery horizon (45 days) and kept inside it. */
@QuarkusTest
class InboundKeyRetentionTest {

    @Inject
    InboundKeyRetention retention;

    @Inject
    Pool pool;

    @Test
    void keysOlderThanTheHorizonAreForgottenAndNewerOnesKept() {
        String channelId = newChannelId();
        linkedChannel(channelId, "+551130007700");
        Instant now = Instant.now();
        record(channelId, "OLD", now.minus(Duration.ofDays(46)));
        record(channelId, "EDGE", now.minus(Duration.ofDays(44)));
        record(channelId, "NEW", now);

        assertThat(retention.prune(now).await().indefinitely()).isGreaterThanOrEqualTo(1);

        assertThat(pool.preparedQuery("select message_id from inbound_message_key where channel_id = $1")
                .executeAndAwait(Tuple.of(channelId)).stream().map(row -> row.getString(0)).toList())
                .containsExactlyInAnyOrder("EDGE", "NEW");
    }

    private void record(String channelId, String messageId, Instant receivedAt) {
        pool.preparedQuery("insert into inbound_message_key (channel_id, remote_jid, participant, from_me, message_id,"
                + " received_at) values ($1, '5511999990000@s.whatsapp.net', '', false, $2, $3)")
                .executeAndAwait(Tuple.of(channelId, messageId, receivedAt.atOffset(ZoneOffset.UTC)));
    }
}
