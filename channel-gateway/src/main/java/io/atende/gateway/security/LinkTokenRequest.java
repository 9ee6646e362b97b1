package io.atende.gateway.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A link token presented in {@code X-Atende-Link-Token}. */
public class LinkTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public LinkTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
