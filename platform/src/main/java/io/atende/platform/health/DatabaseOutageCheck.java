package io.atende.platform.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.atende.platform.messaging.Redelivery;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * DOWN while the database refuses this service's work (unreachable, failing over, read-only) and its consumers wait
 * for it ({@link Redelivery}): the instance takes no traffic it could not store, and an operator sees why.
 */
@Readiness
@ApplicationScoped
public class DatabaseOutageCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        Redelivery.Outage outage = Redelivery.outage();
        if (outage == null) {
            return HealthCheckResponse.up("database-writes");
        }
        return HealthCheckResponse.named("database-writes").down().withData("since", outage.since().toString())
                .withData("reason", outage.reason()).build();
    }
}
