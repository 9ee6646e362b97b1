package io.atende.reporting.rest;

import static io.atende.contracts.testing.TicketEvents.withStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.ContactRef;
import io.atende.contracts.Event;
import io.atende.contracts.Priority;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.MessageKind;
import io.atende.contracts.sla.SlaBreached;
import io.atende.contracts.sla.SlaMet;
import io.atende.contracts.sla.SlaTarget;
import io.atende.contracts.sla.SlaTimerSnapshot;
import io.atende.contracts.sla.SlaTimerStarted;
import io.atende.contracts.ticket.AgentReplied;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.contracts.ticket.TicketAssigned;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.contracts.ticket.TicketResolved;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.contracts.ticket.TicketStatus;
import io.atende.localstack.DevTokens;
import io.atende.localstack.LocalStackTestResource;
import io.atende.reporting.repository.DurationBuckets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Response times read from the duration cells' sketches: every period here holds more durations than the exact
 * limit (set to 0), so whole days come from the cells. Against the same question in an alias of the zone (every
 * figure from the rows, percentiles by {@code percentile_cont}): counts and averages are equal, medians and p90s
 * within the sketch's 1 %, and the answer says which it is. A rebuild of the rollups from the rows gives the same answer.
 */
@QuarkusTest
@TestProfile(DurationSketchTest.SketchedPercentiles.class)
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_reporting"))
class DurationSketchTest {

    public static class SketchedPercentiles implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("atende.reporting.exact-percentiles-up-to", "0");
        }
    }

    private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
    private static final String ALIAS = "Brazil/East";
    /** A year no other test uses. */
    private static final LocalDate FIRST_DAY = LocalDate.of(2043, 3, 1);
    private static final int DAYS = 20;
    private static final int TICKETS = 2_400;
    private static final List<UUID> DEPARTMENTS = List.of(UUID.randomUUID(), UUID.randomUUID());
    private static final List<UUID> AGENTS = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    private static final String CHANNEL = "sketch-" + UUID.randomUUID().toString().substring(0, 8);

    /** Where the period starts: inside the first day, so that its partial first day is read from the rows. */
    private static final Instant FROM = FIRST_DAY.atStartOfDay(ZONE).toInstant().plusSeconds(5_000);
    private static final Instant TO = FIRST_DAY.plusDays(DAYS + 5).atStartOfDay(ZONE).toInstant().plusSeconds(7_000);
    /** Durations measured in [FROM, TO), by the script. */
    private static long durations;

    @BeforeAll
    static void playThreeWeeks() {
        Random random = new Random(7);
        Instant start = FIRST_DAY.atStartOfDay(ZONE).toInstant();
        List<Event> ticketEvents = new ArrayList<>();
        List<Event> slaEvents = new ArrayList<>();
        for (int n = 0; n < TICKETS; n++) {
            Instant opened = start.plusSeconds(random.nextLong((DAYS - 3) * 86_400L));
            UUID department = DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size()));
            UUID agent = AGENTS.get(random.nextInt(AGENTS.size()));
            TicketSnapshot queued = ticket(n, department, null, TicketStatus.QUEUED, opened);
            TicketSnapshot open = ticket(n, department, agent, TicketStatus.OPEN, opened);
            ticketEvents.add(new TicketOpened(UUID.randomUUID(), opened, queued));
            ticketEvents.add(new CustomerMessageReceived(UUID.randomUUID(), opened, queued, UUID.randomUUID(),
                    "WA" + n, MessageKind.TEXT));
            Instant assigned = opened.plusSeconds(30 + random.nextInt(600));
            ticketEvents.add(new TicketAssigned(UUID.randomUUID(), assigned, open, null, "AUTO"));
            // Log-normal-ish response times (seconds to hours), as real queues have them.
            Instant replied = assigned.plusMillis((long) (1_000 * Math.exp(random.nextGaussian() * 1.5 + 6)));
            ticketEvents.add(new AgentReplied(UUID.randomUUID(), replied, open, UUID.randomUUID(),
                    AgentReplied.AGENT, agent));
            boolean breached = random.nextInt(4) == 0;
            SlaTimerSnapshot timer = new SlaTimerSnapshot(UUID.randomUUID(), queued.id(), queued.number(),
                    SlaTarget.FIRST_RESPONSE, department, agent, Priority.NORMAL, CHANNEL, breached ? 20 : 3_600, true,
                    opened, opened.plusSeconds(breached ? 20 : 3_600));
            slaEvents.add(new SlaTimerStarted(UUID.randomUUID(), opened, timer));
            if (breached) {
                // Breached under one agent, answered under another: its business-hours duration counts for the
                // agent who answered, at the breach (as the raw rows have it).
                slaEvents.add(new SlaBreached(UUID.randomUUID(), timer.dueAt(), timer));
                UUID other = AGENTS.get((AGENTS.indexOf(agent) + 1) % AGENTS.size());
                timer = new SlaTimerSnapshot(timer.timerId(), timer.ticketId(), timer.ticketNumber(), timer.target(),
                        department, other, timer.priority(), CHANNEL, 20, true, opened, timer.dueAt());
            }
            slaEvents.add(new SlaMet(UUID.randomUUID(), replied, timer, 1 + random.nextInt(5_000), breached));
            count(replied);
            count(breached ? timer.dueAt() : replied);
            if (random.nextInt(3) > 0) {
                Instant resolved = replied.plusSeconds(random.nextInt(172_800));
                count(resolved);
                ticketEvents.add(new TicketResolved(UUID.randomUUID(), resolved,
                        withStatus(open, TicketStatus.RESOLVED), agent));
            }
        }
        LocalStackTestResource.kafka().sendAll(Topics.TICKET_EVENTS, ticketEvents);
        LocalStackTestResource.kafka().sendAll(Topics.SLA_EVENTS, slaEvents);
    }

    @Test
    void responseTimesFromTheSketchesAgreeWithTheRows() {
        Map<String, String> period = Map.of("from", FROM.toString(), "to", TO.toString(), "channel", CHANNEL);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(count(get(period, "none", ALIAS)))
                .isEqualTo(durations));
        // Once the folder has moved every delta into the cells (the reads are exact before too).
        await().pollDelay(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        for (String by : List.of("none", "department", "agent")) {
            JsonPath rows = get(period, by, ALIAS);
            JsonPath sketched = get(period, by, ZONE.getId());
            assertThat(rows.getString("totals.percentiles")).isEqualTo("exact");
            assertThat(sketched.getString("totals.percentiles")).isEqualTo("sketch");
            assertThat(sketched.getDouble("totals.percentileRelativeError")).isEqualTo(0.01);
            assertAgree(rows, sketched, by);
        }
        Map<String, JsonPath> before = new HashMap<>();
        for (String by : List.of("none", "agent")) {
            before.put(by, get(period, by, ZONE.getId()));
        }
        given().auth().oauth2(DevTokens.mint("admin", List.of("admin"))).when().post("/admin/read-models/rollups/rebuild")
                .then().statusCode(200);
        for (String by : List.of("none", "agent")) {
            assertThat(get(period, by, ZONE.getId()).getList("rows")).as("after a rebuild, by " + by)
                    .isEqualTo(before.get(by).getList("rows"));
        }
    }

    private static void assertAgree(JsonPath rows, JsonPath sketched, String by) {
        List<Map<String, Object>> exact = rows.getList("rows");
        List<Map<String, Object>> approximate = sketched.getList("rows");
        assertThat(approximate).hasSameSizeAs(exact);
        for (int i = 0; i < exact.size(); i++) {
            Map<String, Object> expected = exact.get(i);
            Map<String, Object> actual = approximate.get(i);
            String what = "by " + by + " " + expected;
            for (String column : List.of("key", "metric", "variant", "count")) {
                assertThat(actual.get(column)).as(what + " " + column).isEqualTo(expected.get(column));
            }
            assertThat(number(actual, "average_seconds")).as(what + " average")
                    .isCloseTo(number(expected, "average_seconds"), within(0.002));
            for (String percentile : List.of("median_seconds", "p90_seconds")) {
                double truth = number(expected, percentile);
                assertThat(number(actual, percentile)).as(what + " " + percentile)
                        .isCloseTo(truth, within(truth * DurationBuckets.RELATIVE_ACCURACY * (1 + 1e-9) + 0.002));
            }
        }
    }

    private static void count(Instant measuredAt) {
        if (!measuredAt.isBefore(FROM) && measuredAt.isBefore(TO)) {
            durations++;
        }
    }

    private static long count(JsonPath report) {
        return report.getList("rows.count", Number.class).stream().mapToLong(Number::longValue).sum();
    }

    private static double number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).doubleValue();
    }

    private static JsonPath get(Map<String, String> period, String by, String zone) {
        return given().auth().oauth2(DevTokens.mint("admin", List.of("admin"))).queryParams(period)
                .queryParam("by", by).queryParam("tz", zone).when().get("/reports/response-times")
                .then().statusCode(200).extract().jsonPath();
    }

    private static TicketSnapshot ticket(int n, UUID department, UUID agent, TicketStatus status, Instant opened) {
        UUID id = UUID.nameUUIDFromBytes(("sketch-ticket-" + CHANNEL + n).getBytes());
        return new TicketSnapshot(id, 8_000_000 + n, ChannelRef.whatsapp(CHANNEL),
                new ContactRef("55119" + (20_000_000 + n) + "@s.whatsapp.net", null, null, "Cliente " + n),
                department, "Dept " + DEPARTMENTS.indexOf(department), agent, agent == null ? null : "Agente",
                Priority.NORMAL, status, opened);
    }
}
