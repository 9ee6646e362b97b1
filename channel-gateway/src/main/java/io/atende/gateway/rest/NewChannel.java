package io.atende.gateway.rest;

/**
 * {@code POST /channels}: {@code id} is a slug (lower-case letters, digits, hyphens), {@code name} for people,
 * {@code groupsEnabled} whether group chats are ingested (default false).
 */
public record NewChannel(String id, String name, Boolean groupsEnabled) {
}
