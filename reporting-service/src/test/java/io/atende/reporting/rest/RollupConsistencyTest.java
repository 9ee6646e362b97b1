package io.atende.reporting.rest;

import static io.atende.contracts.testing.TicketEvents.withStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
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
import io.atende.contracts.sla.SlaCancelled;
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
import io.atende.contracts.ticket.TicketTransferred;
import io.atende.localstack.DevTokens;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The rollups give the figures the raw rows give. Six weeks of tickets on two channels (in a year no other test
 * uses) are played through Kafka, many of them transferred or reassigned days after they were counted, and breaches
 * reassigned after they were counted; some timers stay open, some are cancelled. Every report that reads the rollups is then asked for periods with whole days
 * and months and partial days at either end, with every grouping and filter, once in the configured zone (whole
 * days from the cells and unfolded deltas) and once in an alias of that zone (same offsets, so the same buckets, but
 * every figure from the raw rows): the answers must be equal (response times too: these periods hold too few
 * durations for sketched percentiles, so both answers are exact; DurationSketchTest covers the sketches). The
 * totals are also checked against the script.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_reporting"))
class RollupConsistencyTest {

    private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
    /** The same rules under another name: the reports then read raw rows only. */
    private static final String ALIAS = "Brazil/East";
    private static final LocalDate FIRST_DAY = LocalDate.of(2042, 1, 20);
    private static final int DAYS = 42;
    private static final int TICKETS = 160;
    private static final List<UUID> DEPARTMENTS = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    private static final List<UUID> AGENTS = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
            UUID.randomUUID());
    private static final List<String> CHANNELS = List.of("roll-a-" + UUID.randomUUID().toString().substring(0, 6),
            "roll-b-" + UUID.randomUUID().toString().substring(0, 6));

    private static KafkaTestClient kafka;
    /** Where the script left each department's count of tickets created (under the final department). */
    private static final Map<UUID, Integer> createdByFinalDepartment = new HashMap<>();
    private static int breaches;

    @BeforeAll
    static void playSixWeeks() {
        kafka = LocalStackTestResource.kafka();
        Random random = new Random(42);
        Instant start = FIRST_DAY.atStartOfDay(ZONE).toInstant();
        List<Event> ticketEvents = new ArrayList<>();
        List<Event> slaEvents = new ArrayList<>();
        for (int n = 0; n < TICKETS; n++) {
            Instant opened = start.plusSeconds(random.nextLong(DAYS * 86_400L));
            UUID department = pick(random, DEPARTMENTS);
            String channel = pick(random, CHANNELS);
            TicketSnapshot queued = ticket(n, channel, department, null, TicketStatus.QUEUED, opened);
            ticketEvents.add(new TicketOpened(UUID.randomUUID(), opened, queued));
            ticketEvents.add(new CustomerMessageReceived(UUID.randomUUID(), opened, queued, UUID.randomUUID(),
                    "WA" + n, MessageKind.TEXT));
            UUID agent = pick(random, AGENTS);
            TicketSnapshot current = ticket(n, channel, department, agent, TicketStatus.OPEN, opened);
            Instant assigned = opened.plusSeconds(60 + random.nextInt(3_600));
            ticketEvents.add(new TicketAssigned(UUID.randomUUID(), assigned, current, null, "AUTO"));
            SlaTimerSnapshot timer = new SlaTimerSnapshot(UUID.randomUUID(), queued.id(), queued.number(),
                    SlaTarget.FIRST_RESPONSE, department, agent, Priority.NORMAL, channel, 900, false, opened,
                    opened.plusSeconds(900));
            slaEvents.add(new SlaTimerStarted(UUID.randomUUID(), opened, timer));
            boolean breached = random.nextInt(3) == 0;
            if (breached) {
                breaches++;
                slaEvents.add(new SlaBreached(UUID.randomUUID(), timer.dueAt(), timer));
            }
            // Some timers stay open, some open ones are cancelled (left out of compliance), the rest are met.
            int fate = random.nextInt(6);
            boolean stays = fate == 0 || fate == 1 && breached;
            if (fate == 1 && !breached) {
                slaEvents.add(new SlaCancelled(UUID.randomUUID(), opened.plusSeconds(300), timer, "resolved"));
                stays = true;
            }
            Instant replied = assigned.plusSeconds(random.nextInt(7_200));
            ticketEvents.add(new AgentReplied(UUID.randomUUID(), replied, current, UUID.randomUUID(),
                    AgentReplied.AGENT, agent));
            if (random.nextInt(3) == 0) {
                // Counted days ago; now another department and agent own it, and its breach moves with it.
                Instant moved = replied.plusSeconds(86_400L * (1 + random.nextInt(5)));
                UUID toDepartment = pick(random, DEPARTMENTS);
                UUID toAgent = pick(random, AGENTS);
                TicketSnapshot transferred = ticket(n, channel, toDepartment, toAgent, TicketStatus.OPEN, opened);
                ticketEvents.add(new TicketTransferred(UUID.randomUUID(), moved, transferred, current.departmentId(),
                        toDepartment, agent, toAgent, agent, "outro assunto"));
                SlaTimerSnapshot reassigned = new SlaTimerSnapshot(timer.timerId(), timer.ticketId(),
                        timer.ticketNumber(), timer.target(), toDepartment, toAgent, timer.priority(), channel, 900,
                        false, opened, timer.dueAt());
                if (stays) {
                    slaEvents.add(new SlaTimerStarted(UUID.randomUUID(), moved, reassigned));
                } else {
                    slaEvents.add(new SlaMet(UUID.randomUUID(), moved, reassigned, 900 + 60, breached));
                }
                current = transferred;
                replied = moved;
            } else if (!stays) {
                slaEvents.add(new SlaMet(UUID.randomUUID(), replied, timer,
                        Duration.between(opened, replied).toSeconds(), breached));
            }
            createdByFinalDepartment.merge(current.departmentId(), 1, Integer::sum);
            if (random.nextBoolean()) {
                Instant resolved = replied.plusSeconds(random.nextInt(172_800));
                ticketEvents.add(new TicketResolved(UUID.randomUUID(), resolved,
                        withStatus(current, TicketStatus.RESOLVED), current.assigneeId()));
            }
        }
        ticketEvents.forEach(event -> kafka.send(Topics.TICKET_EVENTS, event));
        slaEvents.forEach(event -> kafka.send(Topics.SLA_EVENTS, event));
        // Redelivered: nothing may count twice.
        kafka.send(Topics.TICKET_EVENTS, ticketEvents.get(0));
        kafka.send(Topics.SLA_EVENTS, slaEvents.get(1));
    }

    @Test
    void everyRollupReportEqualsTheRawRowsAndTheScript() {
        String whole = FIRST_DAY.atStartOfDay(ZONE).toInstant().toString();
        String end = FIRST_DAY.plusDays(DAYS + 7).atStartOfDay(ZONE).toInstant().toString();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath summary = get("/reports/summary", Map.of("from", whole, "to", end), ZONE.getId());
            assertThat(summary.getInt("ticketsOpened")).isEqualTo(TICKETS);
            assertThat(summary.getInt("slaBreaches")).isEqualTo(breaches);
            JsonPath volume = get("/reports/volume", Map.of("from", whole, "to", end, "by", "department"),
                    ZONE.getId());
            Map<UUID, Integer> created = new HashMap<>();
            volume.getList("rows", Map.class).forEach(row -> created.merge(UUID.fromString((String) row.get("key")),
                    ((Number) row.get("created")).intValue(), Integer::sum));
            assertThat(created).isEqualTo(createdByFinalDepartment);
        });
        // Once settled, and again after the folder has moved every delta into the cells.
        compareEverything();
        await().pollDelay(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        compareEverything();
    }

    private static void compareEverything() {
        List<Map<String, String>> periods = List.of(
                period(FIRST_DAY.atStartOfDay(ZONE).toInstant(), FIRST_DAY.plusDays(DAYS + 7).atStartOfDay(ZONE).toInstant()),
                // Partial first and last days around whole days and the whole month of February.
                period(FIRST_DAY.plusDays(3).atStartOfDay(ZONE).toInstant().plusSeconds(37_000),
                        LocalDate.of(2042, 3, 2).atStartOfDay(ZONE).toInstant().plusSeconds(50_000)),
                // Whole days only, no whole month.
                period(LocalDate.of(2042, 2, 3).atStartOfDay(ZONE).toInstant(),
                        LocalDate.of(2042, 2, 17).atStartOfDay(ZONE).toInstant()),
                // Inside one day: raw rows only.
                period(LocalDate.of(2042, 2, 5).atStartOfDay(ZONE).toInstant().plusSeconds(3_600),
                        LocalDate.of(2042, 2, 5).atStartOfDay(ZONE).toInstant().plusSeconds(80_000)));
        List<Map<String, String>> filters = List.of(Map.of(), Map.of("department", DEPARTMENTS.get(0).toString()),
                Map.of("agent", AGENTS.get(1).toString()), Map.of("channel", CHANNELS.get(0)),
                Map.of("department", DEPARTMENTS.get(2).toString(), "agent", AGENTS.get(3).toString()));
        for (Map<String, String> period : periods) {
            for (Map<String, String> filter : filters) {
                Map<String, String> query = new HashMap<>(period);
                query.putAll(filter);
                assertSame("/reports/summary", query, "ticketsOpened", "slaBreaches");
                assertSame("/reports/channels", query, "rows", "totals");
                assertSame("/reports/agents", query, "rows");
                for (String by : List.of("none", "department", "agent", "channel")) {
                    Map<String, String> grouped = new HashMap<>(query);
                    grouped.put("by", by);
                    assertSame("/reports/sla", grouped, "rows", "totals");
                    assertSame("/reports/response-times", grouped, "rows", "totals");
                }
                for (String by : List.of("none", "department", "agent", "channel")) {
                    for (String interval : List.of("day", "week")) {
                        Map<String, String> grouped = new HashMap<>(query);
                        grouped.put("by", by);
                        grouped.put("interval", interval);
                        assertSame("/reports/volume", grouped, "rows", "totals");
                    }
                }
            }
        }
    }

    private static void assertSame(String path, Map<String, String> query, String... fields) {
        JsonPath cells = get(path, query, ZONE.getId());
        JsonPath raw = get(path, query, ALIAS);
        for (String field : fields) {
            assertThat((Object) cells.get(field)).as(path + " " + field + " " + query).isEqualTo(raw.get(field));
        }
    }

    private static JsonPath get(String path, Map<String, String> query, String zone) {
        return given().auth().oauth2(DevTokens.mint("admin", List.of("admin"))).queryParams(query)
                .queryParam("tz", zone).when().get(path).then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, String> period(Instant from, Instant to) {
        return Map.of("from", from.toString(), "to", to.toString());
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static TicketSnapshot ticket(int n, String channel, UUID department, UUID agent, TicketStatus status,
            Instant opened) {
        UUID id = UUID.nameUUIDFromBytes(("rollup-ticket-" + CHANNELS.get(0) + n).getBytes());
        return new TicketSnapshot(id, 7_000_000 + n, ChannelRef.whatsapp(channel),
                new ContactRef("55119" + (10_000_000 + n) + "@s.whatsapp.net", null, null, "Cliente " + n),
                department, "Dept " + DEPARTMENTS.indexOf(department), agent, agent == null ? null : "Agente",
                Priority.NORMAL, status, opened);
    }
}
