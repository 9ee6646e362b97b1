package io.atende.ticketing.rest;

import io.atende.ticketing.service.Access.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/**
 * The caller of the current request: the token's name ({@code upn}, else {@code preferred_username}, else
 * {@code sub}, as smallrye-jwt resolves it) and its roles ({@code groups}).
 */
@RequestScoped
public class Callers {

    private final SecurityIdentity identity;

    public Callers(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller current() {
        return new Caller(identity.getPrincipal().getName(), identity.getRoles());
    }
}
