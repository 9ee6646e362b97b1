package io.atende.gateway.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.atende.gateway.ConnectionEpoch;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ConnectionEpochRepository implements PanacheRepositoryBase<ConnectionEpoch, UUID> {

    public Uni<List<ConnectionEpoch>> ofChannel(String channelId) {
        return list("channelId", Sort.by("epoch"), channelId);
    }

    /** Ends the channel's open epoch(s) at {@code at}; run in the caller's transaction. */
    public Uni<Integer> close(String channelId, Instant at, Integer code, String reason) {
        return update("disconnectedAt = ?1, disconnectCode = ?2, disconnectReason = ?3"
                + " where channelId = ?4 and disconnectedAt is null", at, code, reason, channelId);
    }
}
