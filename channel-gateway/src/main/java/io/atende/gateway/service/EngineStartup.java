package io.atende.gateway.service;

import io.atende.gateway.engine.ProcessEngine;
import io.atende.gateway.messaging.EngineEventHandler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** Starts the engine once the database is migrated (platform's migrator runs at priority 10), stops it at shutdown. */
@Singleton
public class EngineStartup {

    void start(@Observes @Priority(100) StartupEvent startup, ProcessEngine engine, EngineEventHandler handler) {
        engine.run(handler);
    }

    void stop(@Observes ShutdownEvent shutdown, ProcessEngine engine) {
        engine.shutdown();
    }
}
