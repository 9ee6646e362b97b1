package io.atende.ticketing.service;

import java.util.List;
import java.util.Map;

import io.atende.contracts.channel.DeliveryStatus;
import io.atende.contracts.channel.MessageDeliveryUpdated;
import io.atende.platform.persistence.BatchWork;
import io.atende.ticketing.repository.TicketMessageRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Applies delivery receipts to the conversation entry whose send command they answer. Idempotent and order-proof:
 * a status only moves forward (SENT, FAILED, DELIVERED, READ), so a redelivered or late receipt changes nothing.
 */
@ApplicationScoped
public class DeliveryReceipts {

    /** What a receipt did. */
    public enum Outcome {
        UPDATED, UNCHANGED, UNKNOWN_COMMAND
    }

    private static final Map<DeliveryStatus, Integer> RANK = Map.of(DeliveryStatus.SENT, 1, DeliveryStatus.FAILED, 2,
            DeliveryStatus.DELIVERED, 3, DeliveryStatus.READ, 4);

    private final TicketMessageRepository messages;

    public DeliveryReceipts(TicketMessageRepository messages) {
        this.messages = messages;
    }

    /** A poll's receipts, in order, in one transaction. */
    @WithTransaction
    public Uni<List<Outcome>> applyAll(List<MessageDeliveryUpdated> receipts) {
        return BatchWork.inOrder(receipts, this::apply);
    }

    @WithTransaction
    public Uni<Outcome> apply(MessageDeliveryUpdated receipt) {
        return messages.findByCommand(receipt.commandId()).flatMap(entry -> {
            if (entry == null) {
                return Uni.createFrom().item(Outcome.UNKNOWN_COMMAND);
            }
            if (entry.deliveryStatus != null && RANK.get(entry.deliveryStatus) >= RANK.get(receipt.status())) {
                return Uni.createFrom().item(Outcome.UNCHANGED);
            }
            entry.deliveryStatus = receipt.status();
            entry.deliveryUpdatedAt = receipt.occurredAt();
            if (receipt.externalMessageId() == null || entry.externalId != null) {
                return Uni.createFrom().item(Outcome.UPDATED);
            }
            // Learn the channel's id of what we sent, so that the channel echoing it back as a message typed on the
            // business phone is recognised as already stored; unless that echo came first and holds the id.
            return messages.exists(entry.channelId, entry.contactAddress, entry.direction, receipt.externalMessageId())
                    .map(taken -> {
                        if (!taken) {
                            entry.externalId = receipt.externalMessageId();
                        }
                        return Outcome.UPDATED;
                    });
        });
    }
}
