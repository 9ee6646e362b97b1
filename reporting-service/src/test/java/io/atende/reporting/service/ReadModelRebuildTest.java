package io.atende.reporting.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.atende.platform.rest.ProblemException;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;

/** A rebuild the topics cannot serve (records lost to retention) is refused before anything is emptied. */
class ReadModelRebuildTest {

    @Test
    void aTopicThatLostRecordsToRetentionMakesTheRebuildAConflictThatNamesIt() {
        Map<TopicPartition, Long> first = new LinkedHashMap<>();
        first.put(new TopicPartition("ticket.events.v1", 0), 0L);
        first.put(new TopicPartition("ticket.events.v1", 1), 5_120L);
        first.put(new TopicPartition("sla.events.v1", 0), 0L);
        TopicHistory history = new TopicHistory(new SmallRyeConfigBuilder().build()) {
            @Override
            public Uni<Map<TopicPartition, Long>> firstRetained(List<String> topics) {
                assertThat(topics).containsExactly("ticket.events.v1", "sla.events.v1", "channel.status.v1");
                return Uni.createFrom().item(first);
            }
        };
        // No database: the refusal comes before any statement (a null pool would fail loudly otherwise).
        ReadModelRebuild rebuild = new ReadModelRebuild(null, null, history, null, new SmallRyeConfigBuilder()
                .withDefaultValue("mp.messaging.incoming.ticket-events.topic", "ticket.events.v1")
                .withDefaultValue("mp.messaging.incoming.sla-events.topic", "sla.events.v1")
                .withDefaultValue("mp.messaging.incoming.channel-status.topic", "channel.status.v1").build());

        assertThatThrownBy(() -> rebuild.run().await().indefinitely())
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("ticket.events.v1-1 keeps records from offset 5120")
                .satisfies(refused -> assertThat(((ProblemException) refused).status()).isEqualTo(409));
    }
}
