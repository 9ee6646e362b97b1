package io.atende.ticketing.repository;

import java.util.List;
import java.util.UUID;

import io.atende.contracts.channel.MessageDirection;
import io.atende.ticketing.TicketMessage;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class TicketMessageRepository implements PanacheRepositoryBase<TicketMessage, UUID> {

    public Uni<Boolean> exists(String channelId, String contactAddress, MessageDirection direction, String externalId) {
        return count("channelId = ?1 and contactAddress = ?2 and direction = ?3 and externalId = ?4",
                channelId, contactAddress, direction, externalId).map(count -> count > 0);
    }

    public Uni<List<TicketMessage>> page(UUID ticketId, int pageIndex, int pageSize) {
        return find("ticketId", Sort.by("receivedAt").and("id"), ticketId).page(Page.of(pageIndex, pageSize)).list();
    }

    public Uni<TicketMessage> findByCommand(UUID commandId) {
        return find("commandId", commandId).firstResult();
    }
}
