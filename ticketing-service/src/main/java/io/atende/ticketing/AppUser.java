package io.atende.ticketing;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A person who works tickets. A bearer token is matched to a user by the token's name ({@code upn}, else
 * {@code sub}), which must equal {@link #username}.
 */
@Entity
@Table(name = "app_user")
public class AppUser extends PanacheEntityBase {

    public enum Role {
        ADMIN, SUPERVISOR, AGENT
    }

    public enum Availability {
        ONLINE, PAUSED, OFFLINE
    }

    @Id
    public UUID id;

    public String username;

    @Column(name = "display_name")
    public String displayName;

    @Enumerated(EnumType.STRING)
    public Role role;

    @Enumerated(EnumType.STRING)
    public Availability availability;

    /** How many owned active tickets automatic assignment gives this user at most. */
    public int capacity;

    /** Round-robin turn: the user assigned longest ago goes next. */
    @Column(name = "last_assigned_at")
    public Instant lastAssignedAt;
}
