package io.atende.platform.persistence;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Applies the Flyway migrations at start-up, waiting for PostgreSQL if it is not up yet, so that the services can be
 * started in any order. Gives up (and the service fails to start) after {@code atende.database.wait}.
 */
@Singleton
public class DatabaseMigrator {

    private static final Logger LOG = Logger.getLogger(DatabaseMigrator.class);

    void migrate(@Observes @Priority(10) StartupEvent startup, Flyway flyway,
            @ConfigProperty(name = "atende.database.wait", defaultValue = "5m") Duration wait) throws InterruptedException {
        Instant deadline = Instant.now().plus(wait);
        Duration backoff = Duration.ofMillis(250);
        while (true) {
            try {
                int applied = flyway.migrate().migrationsExecuted;
                LOG.infof("database schema is current (%d migrations applied now)", applied);
                return;
            } catch (RuntimeException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                LOG.warnf("database not reachable yet (%s); retrying in %d ms", e.getMessage(), backoff.toMillis());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5)
                        : backoff.multipliedBy(2);
            }
        }
    }
}
