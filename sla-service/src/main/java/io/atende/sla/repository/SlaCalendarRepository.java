package io.atende.sla.repository;

import java.util.UUID;

import io.atende.sla.SlaCalendar;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SlaCalendarRepository implements PanacheRepositoryBase<SlaCalendar, UUID> {
}
