package io.atende.gateway.security;

import io.atende.gateway.service.LinkTokens;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A valid link token is an identity with role {@value #ROLE} for one channel (attribute {@value #CHANNEL}). */
@ApplicationScoped
public class LinkTokenIdentityProvider implements IdentityProvider<LinkTokenRequest> {

    public static final String ROLE = "channel-link";
    public static final String CHANNEL = "atende.link-channel";
    /** When the token stops opening the channel (an {@link java.time.Instant}): long-lived answers end there. */
    public static final String EXPIRES_AT = "atende.link-expires-at";

    private final LinkTokens tokens;

    public LinkTokenIdentityProvider(LinkTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<LinkTokenRequest> getRequestType() {
        return LinkTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(LinkTokenRequest request, AuthenticationRequestContext context) {
        return tokens.verify(request.token())
                .<Uni<SecurityIdentity>>map(opened -> Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal("link:" + opened.channelId()))
                        .addRole(ROLE)
                        .addAttribute(CHANNEL, opened.channelId())
                        .addAttribute(EXPIRES_AT, opened.expiresAt())
                        .build()))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException(
                        "the link token is invalid or expired")));
    }
}
