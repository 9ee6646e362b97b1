package io.atende.ticketing.rest;

import org.hibernate.StaleObjectStateException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;


import io.atende.platform.rest.Problem;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Problem-JSON answers for what the platform's mappers do not cover. */
public class TicketingProblemMappers {

    /** Two people changed the same ticket at once (its version moved): the loser gets 409 and may retry. */
    @ServerExceptionMapper({ StaleObjectStateException.class, OptimisticLockException.class })
    public Response concurrentChange(RuntimeException e, UriInfo uri) {
        return respond(409, "Conflict", "the ticket was changed by someone else meanwhile; reload it and try again", uri);
    }

    private static Response respond(int status, String title, String detail, UriInfo uri) {
        Problem body = new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath());
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}
