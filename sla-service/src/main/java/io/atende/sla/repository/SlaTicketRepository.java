package io.atende.sla.repository;

import java.util.UUID;

import io.atende.sla.SlaTicket;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SlaTicketRepository implements PanacheRepositoryBase<SlaTicket, UUID> {
}
