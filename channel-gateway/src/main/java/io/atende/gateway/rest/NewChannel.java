package io.atende.gateway.rest;

/** {@code POST /channels}: {@code id} is a slug (lower-case letters, digits, hyphens), {@code name} for people. */
public record NewChannel(String id, String name) {
}
