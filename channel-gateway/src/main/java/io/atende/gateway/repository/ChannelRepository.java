package io.atende.gateway.repository;

import java.util.List;

import io.atende.gateway.Channel;
import io.atende.gateway.ChannelState;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ChannelRepository implements PanacheRepositoryBase<Channel, String> {

    public Uni<List<Channel>> listById() {
        return listAll(Sort.by("id"));
    }

    /** Channels whose session the engine should have: all but the logged-out ones (they need a new QR first). */
    public Uni<List<Channel>> findStartable() {
        return list("state <> ?1", Sort.by("id"), ChannelState.LOGGED_OUT);
    }

    public Uni<List<Channel>> findInStates(List<ChannelState> states) {
        return list("state in ?1", Sort.by("id"), states);
    }
}
