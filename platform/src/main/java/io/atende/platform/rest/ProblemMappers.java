package io.atende.platform.rest;

import org.hibernate.JDBCException;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.atende.contracts.MalformedEventException;
import io.vertx.pgclient.PgException;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Every error a client can cause answers with a problem-JSON body and a 4xx status. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.status(), e.title(), e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e, UriInfo uri) {
        return respond(400, "Malformed JSON body", e.getOriginalMessage(), uri);
    }

    /**
     * JSON of the wrong shape (an array where an object is expected, an unknown enum value): Quarkus maps this
     * subtype itself, without a problem body, unless it is named here.
     */
    @ServerExceptionMapper
    public Response mismatchedBody(MismatchedInputException e, UriInfo uri) {
        return respond(400, "Invalid body", e.getOriginalMessage(), uri);
    }

    /**
     * A unique index refused a write that raced another change (e.g. a reopen while the conversation's new ticket
     * was being opened): a conflict the caller can look at and retry, not a server error.
     */
    @ServerExceptionMapper({ ConstraintViolationException.class, PgException.class, PersistenceException.class })
    public Response databaseRefusal(RuntimeException e, UriInfo uri) {
        if (isUniqueViolation(e)) {
            return respond(409, "Conflict", "the change conflicts with another one made meanwhile; reload and try again",
                    uri);
        }
        LOG.errorf(e, "request to %s failed in the database", uri == null ? "?" : uri.getPath());
        return respond(500, "Internal Server Error", "the database refused the request; it was not applied", uri);
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                    || cause instanceof JDBCException jdbc && UNIQUE_VIOLATION.equals(jdbc.getSQLState())
                    || cause instanceof ConstraintViolationException violation
                            && violation.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE) {
                return true;
            }
        }
        return false;
    }

    private static final String UNIQUE_VIOLATION = "23505";

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
        return respond(status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage(), uri);
    }

    private static Response respond(int status, String title, String detail, UriInfo uri) {
        Problem body = new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath());
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}
