package io.atende.gateway.rest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.atende.gateway.service.ChannelService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * {@code GET /channels/{id}/events} of an unknown channel is a 404 problem: checked before the event stream starts,
 * because once its 200 and headers are out a stream can only break off. Runs after the security checks.
 */
public class ChannelEventsFilter {

    private static final Pattern EVENTS = Pattern.compile("/channels/([^/]+)/events/?");

    private final ChannelService channels;

    public ChannelEventsFilter(ChannelService channels) {
        this.channels = channels;
    }

    @ServerRequestFilter
    public Uni<Void> knownChannel(ContainerRequestContext request) {
        Matcher events = EVENTS.matcher(request.getUriInfo().getPath());
        if (!"GET".equals(request.getMethod()) || !events.matches()) {
            return Uni.createFrom().voidItem();
        }
        return channels.find(events.group(1)).replaceWithVoid();
    }
}
