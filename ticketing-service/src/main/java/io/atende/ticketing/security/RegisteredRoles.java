package io.atende.ticketing.security;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.atende.ticketing.AppUser;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The user registry caps what a token may do: a registered user whose registered role is below its token's (a
 * supervisor or admin demoted since the token was issued) gets the registered role's roles instead (an ADMIN every
 * role, a SUPERVISOR supervisor and agent, an AGENT agent), so a demotion takes effect at the user's next request,
 * whatever its token still says. A caller that is not registered keeps its token's roles (the
 * bootstrap admin, and callers every endpoint refuses anyway).
 */
@ApplicationScoped
public class RegisteredRoles implements SecurityIdentityAugmentor {

    private final Pool pool;

    public RegisteredRoles(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        return pool.preparedQuery("select role from app_user where username = $1")
                .execute(Tuple.of(identity.getPrincipal().getName()))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return identity;
                    }
                    AppUser.Role registered = AppUser.Role.valueOf(rows.iterator().next().getString(0));
                    if (rank(registered) >= highestRank(identity.getRoles())) {
                        return identity;
                    }
                    // Demoted: the token's Atende roles give way to the registered one (and what it includes).
                    Set<String> roles = new HashSet<>(identity.getRoles());
                    roles.removeAll(RANKED);
                    roles.addAll(allowedBy(registered));
                    return QuarkusSecurityIdentity.builder()
                            .setPrincipal(identity.getPrincipal())
                            .addCredentials(identity.getCredentials())
                            .addAttributes(identity.getAttributes())
                            .addRoles(roles)
                            .build();
                });
    }

    private static final List<String> RANKED = List.of("agent", "supervisor", "admin");

    private static int rank(AppUser.Role role) {
        return RANKED.indexOf(role.name().toLowerCase(Locale.ROOT)) + 1;
    }

    private static int highestRank(Set<String> roles) {
        int highest = 0;
        for (String role : roles) {
            highest = Math.max(highest, RANKED.indexOf(role) + 1);
        }
        return highest;
    }

    static Set<String> allowedBy(AppUser.Role role) {
        return switch (role) {
            case ADMIN -> Set.of("admin", "supervisor", "agent");
            case SUPERVISOR -> Set.of("supervisor", "agent");
            case AGENT -> Set.of("agent");
        };
    }
}
