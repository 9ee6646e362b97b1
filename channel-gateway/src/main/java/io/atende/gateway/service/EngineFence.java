package io.atende.gateway.service;

import io.atende.gateway.engine.EngineLease;
import io.atende.gateway.repository.InboundStatements;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fencing of engine state: once this instance holds the engine lease, every transaction that writes what the engine
 * reported first checks that the lease row still carries this instance's token. The row is read {@code for share},
 * so a take-over (which bumps the token) waits for the transaction, and every transaction after it sees the new
 * token and writes nothing.
 */
@ApplicationScoped
public class EngineFence {

    private final InboundStatements statements;
    private volatile EngineLease lease;

    public EngineFence(InboundStatements statements) {
        this.statements = statements;
    }

    /** From now on, engine state is written only while {@code lease}'s token is the current one. */
    public void hold(EngineLease lease) {
        this.lease = lease;
    }

    /** The check, inside the caller's reactive-client transaction. */
    public Uni<Void> check(SqlConnection connection) {
        EngineLease current = lease;
        return current == null ? Uni.createFrom().voidItem()
                : statements.fencingToken(connection, current.name()).map(token -> verified(current, token));
    }

    /** The check, inside the caller's Hibernate Reactive transaction. */
    public Uni<Void> check() {
        EngineLease current = lease;
        if (current == null) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                "select fencing_token from engine_lease where name = :name for share", Long.class)
                .setParameter("name", current.name()).getSingleResultOrNull())
                .map(token -> verified(current, token));
    }

    private static Void verified(EngineLease lease, Long token) {
        if (token == null || token != lease.token()) {
            throw new IllegalStateException("stale engine lease: this instance holds fencing token " + lease.token()
                    + ", the database " + token + "; engine event not written");
        }
        return null;
    }
}
