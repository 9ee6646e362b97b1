package io.atende.reporting.rest;

import java.time.Instant;

/** Totals over [from, to): tickets opened (by opening time) and SLA breaches (by due time). */
public record SummaryReport(Instant from, Instant to, long ticketsOpened, long slaBreaches) {
}
