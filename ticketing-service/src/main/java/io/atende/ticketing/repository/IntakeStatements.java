package io.atende.ticketing.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.atende.contracts.Priority;
import io.atende.contracts.Topics;
import io.atende.contracts.ticket.TicketStatus;
import io.atende.platform.persistence.Columns;
import io.atende.ticketing.AppUser;
import io.atende.ticketing.Contact;
import io.atende.ticketing.Ticket;
import io.atende.ticketing.TicketMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The batch intake's statements on the reactive client: each reads or writes every row a poll touches at once
 * (arrays unnested), inside the caller's transaction on {@code connection}. Rows come back as detached entities,
 * which never meet a Hibernate session.
 */
@ApplicationScoped
public class IntakeStatements {

    /** A conversation: one channel, one contact address. */
    public record Conversation(String channelId, String address) {

        public String key() {
            return Topics.conversationKey(channelId, address);
        }
    }

    /** A conversation's active ticket, locked, with what its snapshot names. */
    public record ActiveTicket(Ticket ticket, String departmentName, String assigneeName) {
    }

    /** Identity of a stored channel message (the {@code ticket_message_external} index). */
    public record MessageKey(String channelId, String address, String direction, String externalId) {
    }

    /** Which of these messages are stored already. */
    public Uni<Set<MessageKey>> storedMessages(SqlConnection connection, List<MessageKey> keys) {
        return connection.preparedQuery("select m.channel_id, m.contact_address, m.direction, m.external_id"
                + " from ticket_message m join unnest($1::text[], $2::text[], $3::text[], $4::text[])"
                + " as k(channel_id, address, direction, external_id) on m.channel_id = k.channel_id"
                + " and m.contact_address = k.address and m.direction = k.direction and m.external_id = k.external_id")
                .execute(Columns.of(keys).text(MessageKey::channelId).text(MessageKey::address)
                        .text(MessageKey::direction).text(MessageKey::externalId).tuple())
                .map(rows -> {
                    Set<MessageKey> stored = new HashSet<>();
                    for (Row row : rows) {
                        stored.add(new MessageKey(row.getString(0), row.getString(1), row.getString(2),
                                row.getString(3)));
                    }
                    return stored;
                });
    }

    /**
     * The conversations' active tickets, locked until the transaction ends, in ticket id order (tickets before
     * agents, as on every path), so that a resolve or a transfer of one of them waits for this batch or is waited
     * for.
     */
    public Uni<Map<String, ActiveTicket>> activeTicketsLocked(SqlConnection connection,
            Collection<Conversation> conversations) {
        return connection.preparedQuery("select t.id, t.number, t.channel_type, t.channel_id, t.contact_id,"
                + " t.contact_address, t.department_id, t.assignee_id, t.priority, t.status, t.opened_at,"
                + " t.resolved_at, t.updated_at, t.menu_attempts, t.menu_deadline, t.version,"
                + " d.name as department_name, u.display_name as assignee_name"
                + " from ticket t join unnest($1::text[], $2::text[]) as k(channel_id, address)"
                + " on t.channel_id = k.channel_id and t.contact_address = k.address"
                + " left join department d on d.id = t.department_id left join app_user u on u.id = t.assignee_id"
                + " where t.status not in ('RESOLVED', 'CLOSED') order by t.id for update of t")
                .execute(conversationArrays(conversations))
                .map(rows -> {
                    Map<String, ActiveTicket> active = new HashMap<>();
                    for (Row row : rows) {
                        Ticket ticket = ticket(row);
                        active.put(Topics.conversationKey(ticket.channelId, ticket.contactAddress),
                                new ActiveTicket(ticket, row.getString("department_name"),
                                        row.getString("assignee_name")));
                    }
                    return active;
                });
    }

    /** When each conversation's latest ticket was resolved (conversations without a resolved ticket are absent). */
    public Uni<Map<String, Instant>> lastResolved(SqlConnection connection, Collection<Conversation> conversations) {
        return connection.preparedQuery("select distinct on (t.channel_id, t.contact_address) t.channel_id,"
                + " t.contact_address, t.resolved_at from ticket t"
                + " join unnest($1::text[], $2::text[]) as k(channel_id, address)"
                + " on t.channel_id = k.channel_id and t.contact_address = k.address"
                + " where t.status = 'RESOLVED' order by t.channel_id, t.contact_address, t.resolved_at desc")
                .execute(conversationArrays(conversations))
                .map(rows -> {
                    Map<String, Instant> resolved = new HashMap<>();
                    for (Row row : rows) {
                        OffsetDateTime at = row.getOffsetDateTime("resolved_at");
                        if (at != null) {
                            resolved.put(Topics.conversationKey(row.getString(0), row.getString(1)), at.toInstant());
                        }
                    }
                    return resolved;
                });
    }

    /** The conversations' contacts, by conversation key. */
    public Uni<Map<String, Contact>> contacts(SqlConnection connection, Collection<Conversation> conversations) {
        return connection.preparedQuery("select c.id, c.channel_id, c.address, c.phone_number, c.lid, c.name"
                + " from contact c join unnest($1::text[], $2::text[]) as k(channel_id, address)"
                + " on c.channel_id = k.channel_id and c.address = k.address")
                .execute(conversationArrays(conversations))
                .map(rows -> {
                    Map<String, Contact> contacts = new HashMap<>();
                    for (Row row : rows) {
                        Contact contact = new Contact();
                        contact.id = row.getUUID("id");
                        contact.channelId = row.getString("channel_id");
                        contact.address = row.getString("address");
                        contact.phoneNumber = row.getString("phone_number");
                        contact.lid = row.getString("lid");
                        contact.name = row.getString("name");
                        contacts.put(Topics.conversationKey(contact.channelId, contact.address), contact);
                    }
                    return contacts;
                });
    }

    /**
     * Inserts new contacts; fails if another transaction created one of them meanwhile (the batch is then taken in
     * record by record, where the existing contact is found).
     */
    public Uni<Void> insertContacts(SqlConnection connection, List<Contact> contacts) {
        if (contacts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("insert into contact (id, channel_id, address, phone_number, lid, name)"
                + " select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])"
                + " on conflict do nothing")
                .execute(contactArrays(contacts))
                .invoke(rows -> {
                    if (rows.rowCount() != contacts.size()) {
                        throw new IllegalStateException("a contact of the batch was created concurrently");
                    }
                })
                .replaceWithVoid();
    }

    /** Writes what the batch learned about existing contacts (phone number, LID, name). */
    public Uni<Void> updateContacts(SqlConnection connection, List<Contact> contacts) {
        if (contacts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("update contact c set phone_number = u.phone_number, lid = u.lid, name = u.name"
                + " from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])"
                + " as u(id, channel_id, address, phone_number, lid, name) where c.id = u.id")
                .execute(contactArrays(contacts))
                .replaceWithVoid();
    }

    /** The next {@code count} ticket numbers, in order. */
    public Uni<List<Long>> nextNumbers(SqlConnection connection, int count) {
        if (count == 0) {
            return Uni.createFrom().item(List.of());
        }
        return connection.preparedQuery("select nextval('ticket_number_seq') from generate_series(1, $1)")
                .execute(Tuple.of(count))
                .map(rows -> {
                    List<Long> numbers = new ArrayList<>();
                    rows.forEach(row -> numbers.add(row.getLong(0)));
                    return numbers;
                });
    }

    public Uni<Void> insertTickets(SqlConnection connection, List<Ticket> tickets) {
        if (tickets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("insert into ticket (id, number, channel_type, channel_id, contact_id,"
                + " contact_address, department_id, assignee_id, priority, status, opened_at, updated_at)"
                + " select * from unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::uuid[], $6::text[],"
                + " $7::uuid[], $8::uuid[], $9::text[], $10::text[], $11::timestamptz[], $12::timestamptz[])")
                .execute(Columns.of(tickets).uuid(ticket -> ticket.id).bigint(ticket -> ticket.number)
                        .text(ticket -> ticket.channelType).text(ticket -> ticket.channelId)
                        .uuid(ticket -> ticket.contactId).text(ticket -> ticket.contactAddress)
                        .uuid(ticket -> ticket.departmentId).uuid(ticket -> ticket.assigneeId)
                        .text(ticket -> ticket.priority.name()).text(ticket -> ticket.status.name())
                        .timestamp(ticket -> ticket.openedAt).timestamp(ticket -> ticket.updatedAt).tuple())
                .replaceWithVoid();
    }

    /** A new version for each of these tickets (locked by {@link #activeTicketsLocked}): their conversation moved. */
    public Uni<Void> touchTickets(SqlConnection connection, List<UUID> ticketIds) {
        if (ticketIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("update ticket set version = version + 1 where id = any($1)")
                .execute(Tuple.of(ticketIds.toArray(UUID[]::new))).replaceWithVoid();
    }

    public Uni<Void> insertMessages(SqlConnection connection, List<TicketMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("insert into ticket_message (id, ticket_id, channel_id, contact_address,"
                + " external_id, direction, author, kind, body, media_ref, media_mime_type, sent_at, received_at)"
                + " select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[],"
                + " $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::timestamptz[],"
                + " $13::timestamptz[])")
                .execute(Columns.of(messages).uuid(message -> message.id).uuid(message -> message.ticketId)
                        .text(message -> message.channelId).text(message -> message.contactAddress)
                        .text(message -> message.externalId).text(message -> message.direction.name())
                        .text(message -> message.author.name()).text(message -> message.kind.name())
                        .text(message -> message.body).text(message -> message.mediaRef)
                        .text(message -> message.mediaMimeType).timestamp(message -> message.sentAt)
                        .timestamp(message -> message.receivedAt).tuple())
                .replaceWithVoid();
    }

    /**
     * The ONLINE agents serving any of these departments, locked in id order (as {@code
     * UserRepository.onlineServingLocked} does on the other paths), with the departments each serves.
     */
    public Uni<List<AppUser>> onlineAgentsLocked(SqlConnection connection, Collection<UUID> departmentIds,
            Map<UUID, Set<UUID>> servedBy) {
        if (departmentIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return connection.preparedQuery("select u.id, u.username, u.display_name, u.capacity, u.last_assigned_at"
                + " from app_user u where u.availability = 'ONLINE' and u.id in (select ud.user_id"
                + " from user_department ud where ud.department_id = any($1::uuid[])) order by u.id for update")
                .execute(Tuple.of(departmentIds.toArray(UUID[]::new)))
                .flatMap(rows -> {
                    List<AppUser> agents = new ArrayList<>();
                    for (Row row : rows) {
                        AppUser agent = new AppUser();
                        agent.id = row.getUUID("id");
                        agent.username = row.getString("username");
                        agent.displayName = row.getString("display_name");
                        agent.capacity = row.getInteger("capacity");
                        OffsetDateTime last = row.getOffsetDateTime("last_assigned_at");
                        agent.lastAssignedAt = last == null ? null : last.toInstant();
                        agent.availability = AppUser.Availability.ONLINE;
                        agents.add(agent);
                    }
                    if (agents.isEmpty()) {
                        return Uni.createFrom().item(agents);
                    }
                    return connection.preparedQuery("select user_id, department_id from user_department"
                            + " where user_id = any($1::uuid[])")
                            .execute(Tuple.of(agents.stream().map(agent -> agent.id).toArray(UUID[]::new)))
                            .map(memberships -> {
                                for (Row row : memberships) {
                                    servedBy.computeIfAbsent(row.getUUID(0), id -> new HashSet<>()).add(row.getUUID(1));
                                }
                                return agents;
                            });
                });
    }

    /** Owned active tickets per agent (see {@code TicketRepository.ownedCounts}). */
    public Uni<Map<UUID, Long>> ownedCounts(SqlConnection connection, Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(new HashMap<>());
        }
        return connection.preparedQuery("select assignee_id, count(*) from ticket where assignee_id = any($1::uuid[])"
                + " and status = any($2::text[]) group by assignee_id")
                .execute(Tuple.of(userIds.toArray(UUID[]::new), TicketRepository.OWNED_ACTIVE.stream()
                        .map(TicketStatus::name).toArray(String[]::new)))
                .map(rows -> {
                    Map<UUID, Long> counts = new HashMap<>();
                    rows.forEach(row -> counts.put(row.getUUID(0), row.getLong(1)));
                    return counts;
                });
    }

    /** Round-robin bookkeeping of the agents the batch assigned tickets to. */
    public Uni<Void> updateLastAssigned(SqlConnection connection, Collection<AppUser> agents) {
        if (agents.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("update app_user u set last_assigned_at = a.at"
                + " from unnest($1::uuid[], $2::timestamptz[]) as a(id, at) where u.id = a.id")
                .execute(Columns.of(List.copyOf(agents)).uuid(agent -> agent.id)
                        .timestamp(agent -> agent.lastAssignedAt).tuple())
                .replaceWithVoid();
    }

    private static Ticket ticket(Row row) {
        Ticket ticket = new Ticket();
        ticket.id = row.getUUID("id");
        ticket.number = row.getLong("number");
        ticket.channelType = row.getString("channel_type");
        ticket.channelId = row.getString("channel_id");
        ticket.contactId = row.getUUID("contact_id");
        ticket.contactAddress = row.getString("contact_address");
        ticket.departmentId = row.getUUID("department_id");
        ticket.assigneeId = row.getUUID("assignee_id");
        ticket.priority = Priority.valueOf(row.getString("priority"));
        ticket.status = TicketStatus.valueOf(row.getString("status"));
        ticket.openedAt = instant(row.getOffsetDateTime("opened_at"));
        ticket.resolvedAt = instant(row.getOffsetDateTime("resolved_at"));
        ticket.updatedAt = instant(row.getOffsetDateTime("updated_at"));
        ticket.menuAttempts = row.getInteger("menu_attempts");
        ticket.menuDeadline = instant(row.getOffsetDateTime("menu_deadline"));
        ticket.version = row.getLong("version");
        return ticket;
    }

    private static Tuple conversationArrays(Collection<Conversation> conversations) {
        return Columns.of(List.copyOf(conversations)).text(Conversation::channelId).text(Conversation::address).tuple();
    }

    private static Tuple contactArrays(List<Contact> contacts) {
        return Columns.of(contacts).uuid(contact -> contact.id).text(contact -> contact.channelId)
                .text(contact -> contact.address).text(contact -> contact.phoneNumber).text(contact -> contact.lid)
                .text(contact -> contact.name).tuple();
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
