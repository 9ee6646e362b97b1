package io.atende.gateway.rest;

/** {@code PATCH /channels/{id}}: the fields to change; absent (null) ones stay as they are. */
public record ChannelPatch(String name, Boolean groupsEnabled) {
}
