package io.atende.reporting.repository;

import java.time.Instant;

import io.atende.contracts.sla.SlaTimerSnapshot;
import io.atende.contracts.ticket.TicketSnapshot;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes and reads the report tables. Writes are idempotent inserts on the events' natural keys. */
@ApplicationScoped
public class ReadModelRepository {

    public Uni<Void> recordOpened(TicketSnapshot ticket) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                insert into report_ticket (ticket_id, ticket_number, channel_id, department_id, opened_at)
                values (:id, :number, :channel, :department, :openedAt) on conflict do nothing
                """)
                .setParameter("id", ticket.id())
                .setParameter("number", ticket.number())
                .setParameter("channel", ticket.channel().id())
                .setParameter("department", ticket.departmentId())
                .setParameter("openedAt", ticket.openedAt())
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Void> recordBreach(SlaTimerSnapshot timer, Instant dueAt) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                insert into report_sla_breach (timer_id, ticket_id, target, department_id, due_at)
                values (:timer, :ticket, :target, :department, :dueAt) on conflict do nothing
                """)
                .setParameter("timer", timer.timerId())
                .setParameter("ticket", timer.ticketId())
                .setParameter("target", timer.target().name())
                .setParameter("department", timer.departmentId())
                .setParameter("dueAt", dueAt)
                .executeUpdate()).replaceWithVoid();
    }

    /** Tickets opened in [from, to). */
    public Uni<Long> countOpened(Instant from, Instant to) {
        return count("select count(*) from report_ticket where opened_at >= :from and opened_at < :to", from, to);
    }

    /** SLA breaches whose due time falls in [from, to). */
    public Uni<Long> countBreaches(Instant from, Instant to) {
        return count("select count(*) from report_sla_breach where due_at >= :from and due_at < :to", from, to);
    }

    private static Uni<Long> count(String sql, Instant from, Instant to) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(sql, Long.class)
                .setParameter("from", from)
                .setParameter("to", to)
                .getSingleResult());
    }
}
