package io.atende.gateway.service;

import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.atende.gateway.engine.EngineLease;
import io.atende.gateway.engine.EngineListener;
import io.atende.gateway.engine.WhatsAppEngine;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Starts the engine once the database is migrated (platform's migrator runs at priority 10) and this instance holds
 * the engine lease; until then it stands by. Losing the lease stops the engine and the instance (its orchestrator
 * starts it again, as a standby). Stops the engine at shutdown.
 */
@Singleton
public class EngineStartup {

    private static final Logger LOG = Logger.getLogger(EngineStartup.class);

    private final boolean leaseEnabled;
    private final EngineLease lease;

    public EngineStartup(@ConfigProperty(name = "atende.engine.lease.enabled", defaultValue = "true") boolean leaseEnabled,
            @ConfigProperty(name = "atende.engine.lease.name", defaultValue = "whatsapp-engine") String name,
            @ConfigProperty(name = "atende.engine.lease.retry", defaultValue = "2s") Duration retry,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.leaseEnabled = leaseEnabled;
        this.lease = leaseEnabled ? new EngineLease(url, user, password, name, retry) : null;
    }

    void start(@Observes @Priority(100) StartupEvent startup, WhatsAppEngine engine, EngineListener handler,
            EngineFence fence) {
        if (!leaseEnabled) {
            engine.run(handler);
            return;
        }
        engine.standBy("standing by: another gateway instance holds the engine lease '" + lease.name() + "'");
        fence.hold(lease);
        lease.start(token -> engine.run(handler), reason -> {
            LOG.errorf("%s: stopping the engine and this instance, so that no two instances run one channel", reason);
            engine.shutdown();
            Quarkus.asyncExit(3);
        });
    }

    void stop(@Observes ShutdownEvent shutdown, WhatsAppEngine engine) {
        engine.shutdown();
        if (lease != null) {
            lease.close();
        }
    }

    /** This instance's lease, or null when single-runner exclusion is off. */
    public EngineLease lease() {
        return lease;
    }
}
