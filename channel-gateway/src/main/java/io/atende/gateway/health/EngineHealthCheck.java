package io.atende.gateway.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.atende.gateway.engine.WhatsAppEngine;
import jakarta.enterprise.context.ApplicationScoped;

/** Ready only while the WhatsApp engine process runs: without it no channel can receive anything. */
@Readiness
@ApplicationScoped
public class EngineHealthCheck implements HealthCheck {

    private final WhatsAppEngine engine;

    public EngineHealthCheck(WhatsAppEngine engine) {
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("whatsapp-engine")
                .withData("engine", engine.name())
                .status(engine.ready());
        if (engine.unavailableReason() != null) {
            response.withData("reason", engine.unavailableReason());
        }
        return response.build();
    }
}
