package io.atende.platform.rest;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.atende.contracts.MalformedEventException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Every error a client can cause answers with a problem-JSON body and a 4xx status. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.status(), e.title(), e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e, UriInfo uri) {
        return respond(400, "Malformed JSON body", e.getOriginalMessage(), uri);
    }

    @ServerExceptionMapper
    public Response invalidBody(MalformedEventException e, UriInfo uri) {
        return respond(400, "Invalid body", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response invalidArgument(IllegalArgumentException e, UriInfo uri) {
        return respond(400, "Invalid request", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return null; // the default handling
        }
        return respond(status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage(), uri);
    }

    private static Response respond(int status, String title, String detail, UriInfo uri) {
        Problem body = new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath());
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}
