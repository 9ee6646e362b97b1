package io.atende.ticketing.service;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import io.atende.platform.rest.ProblemException;
import io.atende.ticketing.AppUser;
import io.atende.ticketing.Ticket;
import io.atende.ticketing.repository.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who is calling and what they may touch. The token's roles ({@code groups}) decide the role; the user registered
 * under the token's name ({@code upn}, else {@code sub}) decides the departments. An admin sees every ticket (and
 * needs no registration to read); a supervisor sees its departments' tickets; an agent sees its departments' tickets
 * and acts only on the queue's and its own.
 */
@ApplicationScoped
public class Access {

    /** The authenticated caller, as the token says. */
    public record Caller(String name, Set<String> roles) {

        public boolean admin() {
            return roles.contains("admin");
        }

        public boolean supervisor() {
            return roles.contains("supervisor");
        }
    }

    /** The caller with its registration: {@code user} is null for an unregistered admin. */
    public record Actor(Caller caller, AppUser user, Set<UUID> departments) {

        public UUID userId() {
            return user == null ? null : user.id;
        }

        public boolean admin() {
            return caller.admin();
        }

        public boolean supervises() {
            return caller.admin() || caller.supervisor();
        }

        public boolean serves(UUID departmentId) {
            return admin() || departmentId != null && departments.contains(departmentId);
        }

        /** The registered user behind the caller, for actions that need one (accept, reply). */
        public AppUser requireUser() {
            if (user == null) {
                throw ProblemException.forbidden("'" + caller.name() + "' is not a registered user;"
                        + " an admin registers users under their token name");
            }
            return user;
        }
    }

    private final UserRepository users;

    public Access(UserRepository users) {
        this.users = users;
    }

    public Uni<Actor> actor(Caller caller) {
        return users.findByUsername(caller.name()).flatMap(user -> {
            if (user == null) {
                if (caller.admin()) {
                    return Uni.createFrom().item(new Actor(caller, null, Set.of()));
                }
                return Uni.createFrom().failure(ProblemException.forbidden("'" + caller.name()
                        + "' is not a registered user; an admin registers users under their token name"));
            }
            return users.departmentsOf(user.id).map(ids -> new Actor(caller, user, new HashSet<>(ids)));
        });
    }

    /** May the actor see the ticket? */
    public void checkSees(Actor actor, Ticket ticket) {
        if (!actor.serves(ticket.departmentId)) {
            throw ProblemException.forbidden("ticket #" + ticket.number + " is not in a department you serve");
        }
    }

    /** May the actor act on the ticket? Agents only on unowned tickets and their own. */
    public void checkActs(Actor actor, Ticket ticket) {
        checkSees(actor, ticket);
        if (!actor.supervises() && ticket.assigneeId != null && !ticket.assigneeId.equals(actor.userId())) {
            throw ProblemException.forbidden("ticket #" + ticket.number + " is owned by another user");
        }
    }
}
