package io.atende.sla.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The fallback SLA policy (calendar time), used where no stored policy matches a ticket's department and priority,
 * and the clock that fires the timers.
 */
@ConfigMapping(prefix = "atende.sla")
public interface SlaConfig {

    /** First-response target: from the first customer message to the first human reply. */
    @WithDefault("15m")
    Duration firstResponse();

    /** Next-response target: from the first unanswered customer message after a reply to the next human reply. */
    @WithDefault("15m")
    Duration nextResponse();

    /** Resolution target: from the ticket's opening (or reopening) to its resolution. */
    @WithDefault("24h")
    Duration resolution();

    /** Percentage of a target after which a warning is raised. */
    @WithDefault("80")
    int warningPercent();

    /** How often the clock looks for due timers: the bound on the lag between a due time and its event. */
    @WithDefault("100ms")
    Duration tick();

    /**
     * How long a ticket event waits for its ticket's {@code TicketOpened} before it is dead-lettered (see
     * {@code ParkedEventExpiry}).
     */
    @WithDefault("24h")
    Duration parkedRetention();

    /** How many due timers one scheduler pass handles. */
    @WithDefault("500")
    int batchSize();
}
