package io.atende.reporting.rest;

import static io.atende.contracts.testing.TicketEvents.withStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.atende.contracts.ChannelRef;
import io.atende.contracts.ContactRef;
import io.atende.contracts.Event;
import io.atende.contracts.Priority;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.ChannelConnected;
import io.atende.contracts.channel.ChannelDisconnected;
import io.atende.contracts.channel.ChannelHistoryDiscarded;
import io.atende.contracts.channel.MessageKind;
import io.atende.contracts.sla.SlaBreached;
import io.atende.contracts.sla.SlaMet;
import io.atende.contracts.sla.SlaTarget;
import io.atende.contracts.sla.SlaTimerSnapshot;
import io.atende.contracts.sla.SlaTimerStarted;
import io.atende.contracts.ticket.AgentReplied;
import io.atende.contracts.ticket.BotMessageSent;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.contracts.ticket.TicketResolved;
import io.atende.contracts.ticket.TicketSnapshot;
import io.atende.contracts.ticket.TicketStatus;
import io.atende.contracts.ticket.TicketTransferred;
import io.atende.contracts.ticket.TicketWaitingOnCustomer;
import io.atende.localstack.DevTokens;
import io.atende.localstack.KafkaTestClient;
import io.atende.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * A scripted day on one channel (2030-03-11, times UTC; São Paulo is UTC-3), driven through Kafka. Every figure
 * below was worked out by hand from the script:
 * <ul>
 * <li>#1 (Vendas, Ana): opened 12:00, Ana replies 12:05 (first response 300 s), the customer writes 12:10 and
 * 12:11, Ana replies 12:20 (next response 600 s, from the first unanswered message), resolved 12:30 (1800 s).</li>
 * <li>#2 (Vendas → Suporte, Bruno): opened 13:00, the bot answers 13:00:01 (not a response), transferred 13:02,
 * Bruno replies 13:10 (first response 600 s), waits on the customer 13:15, the customer writes 13:40, Bruno replies
 * 13:50 (next response 600 s), resolved 14:00 (3600 s).</li>
 * <li>#3 (Suporte): opened 15:00, nobody answers.</li>
 * <li>SLA: #1 first response met (300 s of 900); #1 resolution met in business hours (1800 s of 3600); #2 first
 * response breached at 13:05 and met late at 13:10 (600 s business time); #3 first response breached at 15:15.</li>
 * <li>Channel: 412 pre-link messages discarded at 08:00; down from 16:00 to 16:20 (1200 s).</li>
 * </ul>
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_reporting"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScriptedDayTest {

    private static final String CHANNEL = "loja-" + UUID.randomUUID().toString().substring(0, 8);
    private static final UUID VENDAS = UUID.randomUUID();
    private static final UUID SUPORTE = UUID.randomUUID();
    private static final UUID ANA = UUID.randomUUID();
    private static final UUID BRUNO = UUID.randomUUID();
    private static final String DAY = "2030-03-11";
    private static final String FROM = DAY + "T00:00:00Z";
    private static final String TO = "2030-03-12T00:00:00Z";

    private static KafkaTestClient kafka;

    @BeforeAll
    static void playTheDay() {
        kafka = LocalStackTestResource.kafka();
        UUID t1 = UUID.randomUUID();
        UUID t2 = UUID.randomUUID();
        UUID t3 = UUID.randomUUID();
        TicketSnapshot one = ticket(t1, 1, VENDAS, "Vendas", ANA, TicketStatus.OPEN, at("12:00:00"));
        TicketSnapshot twoQueued = ticket(t2, 2, VENDAS, "Vendas", null, TicketStatus.QUEUED, at("13:00:00"));
        TicketSnapshot two = ticket(t2, 2, SUPORTE, "Suporte", BRUNO, TicketStatus.OPEN, at("13:00:00"));
        TicketSnapshot three = ticket(t3, 3, SUPORTE, "Suporte", null, TicketStatus.QUEUED, at("15:00:00"));

        ticketEvents(
                new TicketOpened(id(), at("12:00:00"), one),
                customer(one, "12:00:00"),
                agent(one, ANA, "12:05:00"),
                customer(one, "12:10:00"),
                customer(one, "12:11:00"),
                agent(one, ANA, "12:20:00"),
                new TicketResolved(id(), at("12:30:00"), withStatus(one, TicketStatus.RESOLVED), ANA),
                new TicketOpened(id(), at("13:00:00"), twoQueued),
                customer(twoQueued, "13:00:00"),
                new BotMessageSent(id(), at("13:00:01"), twoQueued, id()),
                new TicketTransferred(id(), at("13:02:00"), two, VENDAS, SUPORTE, null, BRUNO, ANA, "assunto de suporte"),
                agent(two, BRUNO, "13:10:00"),
                new TicketWaitingOnCustomer(id(), at("13:15:00"), withStatus(two, TicketStatus.WAITING_ON_CUSTOMER), BRUNO),
                customer(two, "13:40:00"),
                agent(two, BRUNO, "13:50:00"),
                new TicketResolved(id(), at("14:00:00"), withStatus(two, TicketStatus.RESOLVED), BRUNO),
                new TicketOpened(id(), at("15:00:00"), three),
                customer(three, "15:00:00"));

        SlaTimerSnapshot s1 = timer(t1, SlaTarget.FIRST_RESPONSE, VENDAS, ANA, 900, false, "12:00:00");
        SlaTimerSnapshot s2 = timer(t2, SlaTarget.FIRST_RESPONSE, SUPORTE, BRUNO, 300, true, "13:00:00");
        SlaTimerSnapshot s3 = timer(t3, SlaTarget.FIRST_RESPONSE, SUPORTE, null, 900, false, "15:00:00");
        SlaTimerSnapshot s4 = timer(t1, SlaTarget.RESOLUTION, VENDAS, ANA, 3600, true, "12:00:00");
        slaEvents(
                new SlaTimerStarted(id(), at("12:00:00"), s1),
                new SlaTimerStarted(id(), at("12:00:00"), s4),
                new SlaMet(id(), at("12:05:00"), s1, 300, false),
                new SlaMet(id(), at("12:30:00"), s4, 1800, false),
                new SlaTimerStarted(id(), at("13:00:00"), s2),
                new SlaBreached(id(), at("13:05:00"), s2),
                new SlaMet(id(), at("13:10:00"), s2, 600, true),
                new SlaTimerStarted(id(), at("15:00:00"), s3),
                new SlaBreached(id(), at("15:15:00"), s3));

        ChannelRef channel = ChannelRef.whatsapp(CHANNEL);
        for (Event event : List.<Event>of(
                new ChannelConnected(id(), at("08:00:00"), channel, 1),
                new ChannelHistoryDiscarded(id(), at("08:00:00"), channel, 412, 412),
                new ChannelDisconnected(id(), at("16:00:00"), channel, 1, "connection lost", 428, true),
                new ChannelConnected(id(), at("16:20:00"), channel, 2))) {
            kafka.send(Topics.CHANNEL_STATUS, event);
            kafka.send(Topics.CHANNEL_STATUS, event); // at least once: every event twice
        }
    }

    @Test
    @Order(1)
    void summaryCountsTheDayOnceThoughEveryEventCameTwice() {
        awaitAllFigures();
        report("/reports/summary").then().statusCode(200).body("ticketsOpened", equalTo(3)).body("slaBreaches", equalTo(2));
    }

    @Test
    @Order(2)
    void overviewShowsTicketsByDepartmentAndStatusAndTheOldestWaiting() {
        given().spec(supervisor()).queryParam("channel", CHANNEL).get("/reports/overview").then().statusCode(200)
                .body("rows", hasSize(3))
                .body("rows.find { it.department_name == 'Vendas' && it.status == 'RESOLVED' }.tickets", equalTo(1))
                .body("rows.find { it.department_name == 'Suporte' && it.status == 'RESOLVED' }.tickets", equalTo(1))
                .body("rows.find { it.department_name == 'Suporte' && it.status == 'QUEUED' }.tickets", equalTo(1))
                .body("rows.find { it.status == 'QUEUED' }.oldest_waiting_since", equalTo(DAY + "T15:00:00Z"))
                .body("totals.unassigned", equalTo(1))
                .body("totals.oldestWaiting.ticket_number", equalTo(3))
                .body("totals.agentsWithOpenTickets", equalTo(0));
    }

    @Test
    @Order(3)
    void volumeByDepartmentPerLocalDay() {
        report("/reports/volume").queryParam("by", "department").queryParam("interval", "day")
                .queryParam("tz", "America/Sao_Paulo")
                .get("/reports/volume").then().statusCode(200)
                .body("rows", hasSize(2))
                .body("rows.find { it.key == '" + VENDAS + "' }.created", equalTo(1))
                .body("rows.find { it.key == '" + VENDAS + "' }.resolved", equalTo(1))
                .body("rows.find { it.key == '" + SUPORTE + "' }.created", equalTo(2))
                .body("rows.find { it.key == '" + SUPORTE + "' }.resolved", equalTo(1))
                .body("rows[0].bucket_start", equalTo(DAY + "T00:00"))
                .body("totals.created", equalTo(3)).body("totals.resolved", equalTo(2));
    }

    @Test
    @Order(4)
    void volumePerHourInUtc() {
        report("/reports/volume").queryParam("interval", "hour").queryParam("tz", "UTC")
                .get("/reports/volume").then().statusCode(200)
                .body("rows.bucket_start", equalTo(List.of(DAY + "T12:00", DAY + "T13:00", DAY + "T14:00", DAY + "T15:00")))
                .body("rows.created", equalTo(List.of(1, 1, 0, 1)))
                .body("rows.resolved", equalTo(List.of(1, 0, 1, 0)));
    }

    @Test
    @Order(5)
    void responseAndResolutionTimesInCalendarAndBusinessTime() {
        String row = "rows.find { it.metric == '%s' && it.variant == '%s' }.";
        report("/reports/response-times").get("/reports/response-times").then().statusCode(200)
                .body(row.formatted("FIRST_RESPONSE", "CALENDAR") + "count", equalTo(2))
                .body(row.formatted("FIRST_RESPONSE", "CALENDAR") + "average_seconds", equalTo(450.0f))
                .body(row.formatted("FIRST_RESPONSE", "CALENDAR") + "median_seconds", equalTo(450.0f))
                .body(row.formatted("FIRST_RESPONSE", "CALENDAR") + "p90_seconds", equalTo(570.0f))
                .body(row.formatted("NEXT_RESPONSE", "CALENDAR") + "count", equalTo(2))
                .body(row.formatted("NEXT_RESPONSE", "CALENDAR") + "average_seconds", equalTo(600.0f))
                .body(row.formatted("RESOLUTION", "CALENDAR") + "average_seconds", equalTo(2700.0f))
                .body(row.formatted("RESOLUTION", "CALENDAR") + "median_seconds", equalTo(2700.0f))
                .body(row.formatted("RESOLUTION", "CALENDAR") + "p90_seconds", equalTo(3420.0f))
                .body(row.formatted("FIRST_RESPONSE", "BUSINESS_HOURS") + "count", equalTo(1))
                .body(row.formatted("FIRST_RESPONSE", "BUSINESS_HOURS") + "average_seconds", equalTo(600.0f))
                .body(row.formatted("RESOLUTION", "BUSINESS_HOURS") + "average_seconds", equalTo(1800.0f));
    }

    @Test
    @Order(6)
    void slaComplianceByDepartment() {
        String row = "rows.find { it.key == '%s' && it.target == '%s' }.";
        report("/reports/sla").queryParam("by", "department").get("/reports/sla").then().statusCode(200)
                .body(row.formatted(VENDAS, "FIRST_RESPONSE") + "met", equalTo(1))
                .body(row.formatted(VENDAS, "FIRST_RESPONSE") + "compliance_percent", equalTo(100.0f))
                .body(row.formatted(VENDAS, "RESOLUTION") + "met", equalTo(1))
                .body(row.formatted(SUPORTE, "FIRST_RESPONSE") + "breached", equalTo(2))
                .body(row.formatted(SUPORTE, "FIRST_RESPONSE") + "met", equalTo(0))
                .body(row.formatted(SUPORTE, "FIRST_RESPONSE") + "compliance_percent", equalTo(0.0f))
                .body("totals.met", equalTo(2)).body("totals.breached", equalTo(2)).body("totals.open", equalTo(0))
                .body("totals.compliance_percent", equalTo(50.0f));
    }

    @Test
    @Order(7)
    void slaAsCsv() {
        String csv = report("/reports/sla").queryParam("by", "department").accept("text/csv")
                .get("/reports/sla").then().statusCode(200).contentType("text/csv").extract().asString();
        String vendas = VENDAS.toString();
        String suporte = SUPORTE.toString();
        List<String> expected = new ArrayList<>(List.of(
                vendas + ",FIRST_RESPONSE,1,0,0,100.0",
                vendas + ",RESOLUTION,1,0,0,100.0",
                suporte + ",FIRST_RESPONSE,0,2,0,0.0"));
        Collections.sort(expected);
        assertThat(csv.split("\r\n"))
                .containsExactlyElementsOf(concat("key,target,met,breached,open,compliance_percent", expected));
    }

    @Test
    @Order(8)
    void agentsReport() {
        String ana = "rows.find { it.agent_id == '" + ANA + "' }.";
        String bruno = "rows.find { it.agent_id == '" + BRUNO + "' }.";
        report("/reports/agents").get("/reports/agents").then().statusCode(200)
                .body("rows", hasSize(2))
                .body(ana + "tickets_handled", equalTo(1))
                .body(ana + "first_response_average_seconds", equalTo(300.0f))
                .body(ana + "resolution_average_seconds", equalTo(1800.0f))
                .body(ana + "met", equalTo(2))
                .body(ana + "compliance_percent", equalTo(100.0f))
                .body(bruno + "tickets_handled", equalTo(1))
                .body(bruno + "first_response_average_seconds", equalTo(600.0f))
                .body(bruno + "resolution_average_seconds", equalTo(3600.0f))
                .body(bruno + "breached", equalTo(1))
                .body(bruno + "compliance_percent", equalTo(0.0f));
    }

    @Test
    @Order(9)
    void channelsReportMessagesDowntimeAndDiscardedHistory() {
        report("/reports/channels").get("/reports/channels").then().statusCode(200)
                .body("rows", hasSize(1))
                .body("rows[0].messages_in", equalTo(6))
                .body("rows[0].messages_out", equalTo(5))
                .body("rows[0].outages", equalTo(1))
                .body("rows[0].downtime_seconds", equalTo(1200.0f))
                .body("rows[0].history_discarded", equalTo(412));
        String csv = report("/reports/channels").accept("text/csv").get("/reports/channels").then().statusCode(200)
                .extract().asString();
        assertThat(csv).isEqualTo(
                "channel_id,messages_in,messages_out,outages,downtime_seconds,history_discarded\r\n"
                        + CHANNEL + ",6,5,1,1200.0,412\r\n");
    }

    @Test
    @Order(9)
    void everyReportSaysTheSameInCsvAsInJson() {
        for (String path : List.of("/reports/overview", "/reports/volume", "/reports/response-times", "/reports/sla",
                "/reports/agents", "/reports/channels")) {
            var json = report(path).get(path).then().statusCode(200).extract().jsonPath();
            List<String> columns = json.getList("columns", String.class);
            List<Map<String, Object>> rows = json.getList("rows");
            String[] csv = report(path).accept("text/csv").get(path).then().statusCode(200).extract().asString()
                    .split("\r\n");

            assertThat(csv[0]).as(path).isEqualTo(String.join(",", columns));
            assertThat(csv).as(path).hasSize(rows.size() + 1);
            for (int i = 0; i < rows.size(); i++) {
                String[] cells = csv[i + 1].split(",", -1);
                for (int c = 0; c < columns.size(); c++) {
                    Object expected = rows.get(i).get(columns.get(c));
                    if (expected instanceof Number number) {
                        assertThat(Double.parseDouble(cells[c])).as(path + " " + columns.get(c))
                                .isEqualTo(number.doubleValue(), org.assertj.core.data.Offset.offset(0.0005));
                    } else {
                        assertThat(cells[c]).as(path + " " + columns.get(c)).isEqualTo(expected == null ? "" : expected);
                    }
                }
            }
        }
    }

    @Test
    @Order(9)
    void liveFiguresAreAlsoPrometheusGauges() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(containsString("atende_reporting_tickets{status=\"QUEUED\"}"))
                .body(containsString("atende_reporting_oldest_ticket_age_seconds")));
    }

    @Test
    @Order(10)
    void aRebuildFromTheTopicsGivesTheSameFigures() {
        String before = allFigures();

        given().spec(admin()).post("/admin/read-models/rebuild").then().statusCode(200);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(allFigures()).isEqualTo(before));
    }

    @Test
    @Order(11)
    void rejectsBadParametersWithProblems() {
        given().spec(supervisor()).queryParam("by", "weather").get("/reports/sla").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("weather"));
        given().spec(supervisor()).queryParam("tz", "Mars/Olympus").get("/reports/volume").then().statusCode(400);
        given().spec(supervisor()).queryParam("interval", "fortnight").get("/reports/volume").then().statusCode(400);
        given().spec(supervisor()).queryParam("from", "2030-02-01T00:00:00Z").queryParam("to", "2030-01-01T00:00:00Z")
                .get("/reports/volume").then().statusCode(400);
        given().spec(supervisor()).queryParam("department", "not-an-id").get("/reports/sla").then().statusCode(400);
        // Ten years in hours coarsen to weeks rather than time out.
        given().spec(supervisor()).queryParam("from", "2021-01-01T00:00:00Z").queryParam("to", "2031-01-01T00:00:00Z")
                .queryParam("interval", "hour").queryParam("channel", CHANNEL).get("/reports/volume").then()
                .statusCode(200).body("parameters.interval", equalTo("week"));
    }

    @Test
    @Order(12)
    void supervisorsSeeOnlyTheirDepartments() {
        RequestSpecification vendasSupervisor = given().auth().oauth2(DevTokens.mint("carla", List.of("supervisor"),
                Map.of("departments", List.of(VENDAS.toString())), Duration.ofHours(1)));
        vendasSupervisor.queryParam("from", FROM).queryParam("to", TO).queryParam("channel", CHANNEL)
                .get("/reports/sla").then().statusCode(200)
                .body("totals.met", equalTo(2)).body("totals.breached", equalTo(0));
        given().auth().oauth2(DevTokens.mint("carla", List.of("supervisor"),
                Map.of("departments", List.of(VENDAS.toString())), Duration.ofHours(1)))
                .queryParam("department", SUPORTE.toString()).get("/reports/sla").then().statusCode(403);
        given().auth().oauth2(DevTokens.mint("ana", List.of("agent"))).get("/reports/sla").then().statusCode(403);
        given().spec(admin()).queryParam("channel", "no-such-channel").get("/reports/overview").then().statusCode(200)
                .body("totals.oldestWaiting", nullValue());
    }

    private static String allFigures() {
        StringBuilder figures = new StringBuilder();
        for (String path : List.of("/reports/summary", "/reports/volume", "/reports/response-times", "/reports/sla",
                "/reports/agents", "/reports/channels")) {
            figures.append(report(path).get(path).then().statusCode(200).extract().asString()).append('\n');
        }
        return figures.toString();
    }

    private static void awaitAllFigures() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            report("/reports/summary").get("/reports/summary").then().body("ticketsOpened", equalTo(3))
                    .body("slaBreaches", equalTo(2));
            report("/reports/channels").get("/reports/channels").then().body("rows[0].messages_in", equalTo(6))
                    .body("rows[0].downtime_seconds", equalTo(1200.0f));
            report("/reports/sla").get("/reports/sla").then().body("totals.met", equalTo(2));
            report("/reports/volume").get("/reports/volume").then().body("totals.resolved", equalTo(2));
        });
        // Settled: the second copy of every event changed nothing.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                report("/reports/channels").get("/reports/channels").then().body("rows[0].messages_in", equalTo(6))
                        .body("rows[0].messages_out", equalTo(5)));
    }

    private static RequestSpecification report(String path) {
        return given().spec(supervisorOf()).queryParam("from", FROM).queryParam("to", TO).queryParam("channel", CHANNEL);
    }

    private static RequestSpecification supervisorOf() {
        return given().auth().oauth2(DevTokens.mint("sup", List.of("supervisor"), Map.of("departments",
                List.of(VENDAS.toString(), SUPORTE.toString())), Duration.ofHours(1)));
    }

    private static RequestSpecification supervisor() {
        return supervisorOf();
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(DevTokens.mint("admin", List.of("admin")));
    }

    private static void ticketEvents(Event... events) {
        for (Event event : events) {
            kafka.send(Topics.TICKET_EVENTS, event);
            kafka.send(Topics.TICKET_EVENTS, event);
        }
    }

    private static void slaEvents(Event... events) {
        for (Event event : events) {
            kafka.send(Topics.SLA_EVENTS, event);
            kafka.send(Topics.SLA_EVENTS, event);
        }
    }

    private static CustomerMessageReceived customer(TicketSnapshot ticket, String time) {
        return new CustomerMessageReceived(id(), at(time), ticket, id(), "WA" + id(), MessageKind.TEXT);
    }

    private static AgentReplied agent(TicketSnapshot ticket, UUID agent, String time) {
        return new AgentReplied(id(), at(time), ticket, id(), AgentReplied.AGENT, agent);
    }

    private static TicketSnapshot ticket(UUID id, long number, UUID department, String name, UUID assignee,
            TicketStatus status, Instant openedAt) {
        return new TicketSnapshot(id, number, ChannelRef.whatsapp(CHANNEL),
                new ContactRef("55119" + number + "@s.whatsapp.net", null, null, "Cliente " + number), department,
                name, assignee, null, Priority.NORMAL, status, openedAt);
    }

    private static SlaTimerSnapshot timer(UUID ticket, SlaTarget target, UUID department, UUID agent, long seconds,
            boolean businessHours, String started) {
        return new SlaTimerSnapshot(id(), ticket, 0, target, department, agent, Priority.NORMAL, CHANNEL, seconds,
                businessHours, at(started), at(started).plusSeconds(seconds));
    }

    private static Instant at(String time) {
        return Instant.parse(DAY + "T" + time + "Z");
    }

    private static UUID id() {
        return UUID.randomUUID();
    }

    private static List<String> concat(String header, List<String> rows) {
        List<String> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }
}
