package io.atende.gateway.security;

import java.util.Set;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads a link token from its own header, {@code X-Atende-Link-Token}, so it never meets the bearer-JWT mechanism
 * (which would refuse it as a malformed JWT). A request without the header is left to the other mechanisms.
 */
@ApplicationScoped
public class LinkTokenMechanism implements HttpAuthenticationMechanism {

    public static final String HEADER = "X-Atende-Link-Token";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String token = context.request().getHeader(HEADER);
        if (token == null || token.isBlank()) {
            return Uni.createFrom().optional(java.util.Optional.empty());
        }
        return identities.authenticate(new LinkTokenRequest(token.strip()));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().optional(java.util.Optional.empty());
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(LinkTokenRequest.class);
    }
}
