package io.atende.ticketing.messaging;

import static io.atende.contracts.testing.InboundMessages.customerText;
import static io.atende.contracts.testing.InboundMessages.newContactAddress;
import static io.atende.ticketing.TicketingTestSupport.kafka;
import static io.atende.ticketing.TopicRecorder.about;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.atende.contracts.Topics;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.contracts.ticket.TicketAssigned;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.contracts.ticket.TicketStatus;
import io.atende.contracts.ticket.TicketTransferred;
import io.atende.localstack.LocalStackTestResource;
import io.atende.ticketing.TestDirectory;
import io.atende.ticketing.TestDirectory.User;
import io.atende.ticketing.TopicRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_ticketing"))
class AssignmentTest {

    private final TopicRecorder recorder = TopicRecorder.get();

    private String channelServing(UUID department) {
        String channel = TestDirectory.unique("loja");
        TestDirectory.channel(channel, List.of(department), department);
        return channel;
    }

    /** One customer writes and the test waits until the message is on the ticket (assignment happened before). */
    private String customerWrites(String channel) {
        String contact = newContactAddress();
        kafka().send(Topics.CHANNEL_INBOUND, customerText(channel, contact, "Oi"));
        recorder.awaitTicketEvent(CustomerMessageReceived.class, about(contact));
        return contact;
    }

    private UUID assigneeOf(String contact) {
        return recorder.awaitTicketEvent(TicketAssigned.class, about(contact)).ticket().assigneeId();
    }

    @Test
    void roundRobinTakesTurnsAmongOnlineAgents() {
        UUID department = TestDirectory.department("Vendas", "ROUND_ROBIN");
        User ana = TestDirectory.onlineAgent(10, department);
        User bia = TestDirectory.onlineAgent(10, department);
        TestDirectory.agent(department); // OFFLINE: never gets one
        String channel = channelServing(department);

        List<UUID> assignees = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            assignees.add(assigneeOf(customerWrites(channel)));
        }

        assertThat(assignees).containsOnly(ana.id(), bia.id());
        assertThat(assignees.get(0)).isNotEqualTo(assignees.get(1));
        assertThat(assignees.get(2)).isEqualTo(assignees.get(0));
        assertThat(assignees.get(3)).isEqualTo(assignees.get(1));
        TicketAssigned assigned = recorder.awaitTicketEvent(TicketAssigned.class, event -> department.equals(
                event.ticket().departmentId()));
        assertThat(assigned.mode()).isEqualTo("ROUND_ROBIN");
        assertThat(assigned.ticket().status()).isEqualTo(TicketStatus.OPEN);
    }

    @Test
    void leastOpenPicksTheOnlineAgentWithFewestOpenTicketsAndFreeCapacity() {
        UUID department = TestDirectory.department("Suporte", "LEAST_OPEN");
        User ana = TestDirectory.onlineAgent(1, department);
        String channel = channelServing(department);
        String first = customerWrites(channel);
        assertThat(assigneeOf(first)).isEqualTo(ana.id());
        User bia = TestDirectory.onlineAgent(5, department);

        String second = customerWrites(channel);
        String third = customerWrites(channel);

        // Ana is at capacity (1); Bia takes both.
        assertThat(assigneeOf(second)).isEqualTo(bia.id());
        assertThat(assigneeOf(third)).isEqualTo(bia.id());
        assertThat(recorder.awaitTicketEvent(TicketAssigned.class, about(third)).mode()).isEqualTo("LEAST_OPEN");
    }

    @Test
    void withNobodyOnlineTheTicketStaysQueued() {
        UUID department = TestDirectory.department("Financeiro", "LEAST_OPEN");
        TestDirectory.agent(department);
        String channel = channelServing(department);

        String contact = customerWrites(channel);

        assertThat(recorder.ticketEvents(about(contact).and(TicketAssigned.class::isInstance))).isEmpty();
        UUID ticket = recorder.awaitTicketEvent(TicketOpened.class, about(contact)).ticket().id();
        given().auth().oauth2(io.atende.ticketing.TicketingTestSupport.adminToken())
                .when().get("/departments/{id}/queue", department)
                .then().statusCode(200).body("id", equalTo(List.of(ticket.toString())));
    }

    @Test
    void anAgentGoingOfflineReturnsItsTicketsToTheQueue() {
        // The test profile sets atende.ticketing.offline-agent-tickets=REQUEUE.
        UUID department = TestDirectory.department("Trocas", "ROUND_ROBIN");
        User ana = TestDirectory.onlineAgent(5, department);
        String channel = channelServing(department);
        String contact = customerWrites(channel);
        assertThat(assigneeOf(contact)).isEqualTo(ana.id());

        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("availability", "OFFLINE"))
                .when().put("/users/me/availability").then().statusCode(200);

        TicketTransferred requeued = recorder.awaitTicketEvent(TicketTransferred.class, about(contact));
        assertThat(requeued.fromAssigneeId()).isEqualTo(ana.id());
        assertThat(requeued.toAssigneeId()).isNull();
        assertThat(requeued.ticket().status()).isEqualTo(TicketStatus.QUEUED);
        given().auth().oauth2(ana.token()).when().get("/departments/{id}/queue", department)
                .then().statusCode(200).body("id", equalTo(List.of(requeued.ticket().id().toString())));
    }

    @Test
    void anAgentComingOnlineTakesTheQueuedTicketsUpToItsCapacity() {
        UUID department = TestDirectory.department("Entregas", "ROUND_ROBIN");
        User ana = TestDirectory.user("AGENT", List.of(department), "OFFLINE", 2);
        String channel = channelServing(department);
        List<String> waiting = List.of(customerWrites(channel), customerWrites(channel), customerWrites(channel));
        assertThat(recorder.ticketEvents(event -> waiting.stream().anyMatch(c -> about(c).test(event))
                && event instanceof TicketAssigned)).isEmpty();

        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("availability", "ONLINE"))
                .when().put("/users/me/availability").then().statusCode(200);

        // The two oldest go to Ana (capacity 2); the third stays queued.
        assertThat(assigneeOf(waiting.get(0))).isEqualTo(ana.id());
        assertThat(assigneeOf(waiting.get(1))).isEqualTo(ana.id());
        UUID third = recorder.awaitTicketEvent(TicketOpened.class, about(waiting.get(2))).ticket().id();
        given().auth().oauth2(ana.token()).when().get("/departments/{id}/queue", department)
                .then().statusCode(200).body("id", equalTo(List.of(third.toString())));
    }

    private List<String> queueOf(UUID department) {
        return given().auth().oauth2(io.atende.ticketing.TicketingTestSupport.adminToken())
                .when().get("/departments/{id}/queue", department)
                .then().statusCode(200).extract().path("id");
    }

    private UUID ticketOf(String contact) {
        return recorder.awaitTicketEvent(TicketOpened.class, about(contact)).ticket().id();
    }

    private static void adminUpdatesUser(UUID user, Map<String, Object> body) {
        given().auth().oauth2(io.atende.ticketing.TicketingTestSupport.adminToken()).contentType(ContentType.JSON)
                .body(body).when().put("/users/{id}", user).then().statusCode(200);
    }

    @Test
    void aResolvedTicketFreesCapacityAndTheOldestQueuedTicketIsAssigned() {
        UUID department = TestDirectory.department("Garantia", "LEAST_OPEN");
        User ana = TestDirectory.onlineAgent(1, department);
        String channel = channelServing(department);
        List<String> arrivals = List.of(customerWrites(channel), customerWrites(channel), customerWrites(channel));
        String first = arrivals.get(0);
        String second = arrivals.get(1);
        String third = arrivals.get(2);
        // Ana (capacity 1) took the first; the others wait.
        assertThat(assigneeOf(first)).isEqualTo(ana.id());
        assertThat(queueOf(department)).containsExactly(ticketOf(second).toString(), ticketOf(third).toString());

        given().auth().oauth2(ana.token()).when().post("/tickets/{id}/resolve", ticketOf(first))
                .then().statusCode(200);

        // Ana's one slot is free again: the oldest queued ticket is hers, the next one waits.
        TicketAssigned assigned = recorder.awaitTicketEvent(TicketAssigned.class, about(second));
        assertThat(assigned.ticket().assigneeId()).isEqualTo(ana.id());
        assertThat(assigned.mode()).isEqualTo("LEAST_OPEN");
        assertThat(assigned.ticket().status()).isEqualTo(TicketStatus.OPEN);
        assertThat(queueOf(department)).containsExactly(ticketOf(third).toString());
        assertThat(recorder.ticketEvents(about(third).and(TicketAssigned.class::isInstance))).isEmpty();
    }

    @Test
    void anAgentComingOnlineTakesQueuedTicketsUpToCapacity() {
        UUID department = TestDirectory.department("Cobranca", "ROUND_ROBIN");
        String channel = channelServing(department);
        List<String> waiting = List.of(customerWrites(channel), customerWrites(channel), customerWrites(channel));

        // Created ONLINE with room for one: the oldest.
        User bia = TestDirectory.onlineAgent(1, department);
        assertThat(assigneeOf(waiting.get(0))).isEqualTo(bia.id());
        // Put ONLINE by an admin, room for one: the next.
        User ana = TestDirectory.user("AGENT", List.of(department), "OFFLINE", 1);
        adminUpdatesUser(ana.id(), Map.of("availability", "ONLINE"));
        assertThat(assigneeOf(waiting.get(1))).isEqualTo(ana.id());
        assertThat(queueOf(department)).containsExactly(ticketOf(waiting.get(2)).toString());
        // Ana's capacity raised: the last one.
        adminUpdatesUser(ana.id(), Map.of("capacity", 2));
        assertThat(assigneeOf(waiting.get(2))).isEqualTo(ana.id());
        assertThat(queueOf(department)).isEmpty();
    }

    @Test
    void aManualDepartmentsQueueIsNotAssignedWhenCapacityFreesUp() {
        UUID manual = TestDirectory.department("Juridico", "MANUAL");
        UUID automatic = TestDirectory.department("Ouvidoria", "ROUND_ROBIN");
        String manualTicket = customerWrites(channelServing(manual));
        String automaticTicket = customerWrites(channelServing(automatic));

        User ana = TestDirectory.onlineAgent(5, manual);
        // A department added to an ONLINE agent: its queue is offered to her; the MANUAL one, served all along, is not.
        adminUpdatesUser(ana.id(), Map.of("departmentIds", List.of(manual, automatic)));

        assertThat(assigneeOf(automaticTicket)).isEqualTo(ana.id());
        assertThat(recorder.ticketEvents(about(manualTicket).and(TicketAssigned.class::isInstance))).isEmpty();
        assertThat(queueOf(manual)).containsExactly(ticketOf(manualTicket).toString());
    }

    @Test
    void switchingADepartmentToAutomaticAssignsItsQueue() {
        UUID department = TestDirectory.department("Reembolso", "MANUAL");
        String channel = channelServing(department);
        List<String> waiting = List.of(customerWrites(channel), customerWrites(channel), customerWrites(channel));
        // Two ONLINE agents with room for one each, one OFFLINE (never gets one); MANUAL: nobody is given anything.
        List<UUID> online = List.of(TestDirectory.onlineAgent(1, department).id(), TestDirectory.onlineAgent(1, department).id());
        TestDirectory.agent(department);
        assertThat(queueOf(department)).hasSize(3);

        given().auth().oauth2(io.atende.ticketing.TicketingTestSupport.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("assignmentMode", "ROUND_ROBIN")).when().put("/departments/{id}", department)
                .then().statusCode(200).body("assignmentMode", equalTo("ROUND_ROBIN"));

        // The two oldest, one each (capacity 1), in the department update's transaction; the third waits.
        assertThat(List.of(assigneeOf(waiting.get(0)), assigneeOf(waiting.get(1))))
                .containsExactlyInAnyOrderElementsOf(online);
        assertThat(recorder.awaitTicketEvent(TicketAssigned.class, about(waiting.get(0))).mode())
                .isEqualTo("ROUND_ROBIN");
        assertThat(queueOf(department)).containsExactly(ticketOf(waiting.get(2)).toString());
        assertThat(recorder.ticketEvents(about(waiting.get(2)).and(TicketAssigned.class::isInstance))).isEmpty();
    }

    /**
     * Agents serving overlapping sets of automatic departments come ONLINE and resolve tickets all at once, so several
     * transactions drain the same queues and lock the same agents concurrently: none fails (no deadlock), no ticket is
     * assigned twice, nobody goes over capacity.
     */
    @Test
    void concurrentQueueDrainsOverOverlappingDepartmentsNeitherFailNorDoubleAssign() throws Exception {
        UUID d1 = TestDirectory.department("Pedidos", "ROUND_ROBIN");
        UUID d2 = TestDirectory.department("Devolucoes", "LEAST_OPEN");
        UUID d3 = TestDirectory.department("Cadastro", "ROUND_ROBIN");
        List<User> agents = List.of(TestDirectory.user("AGENT", List.of(d1, d2), "OFFLINE", 1),
                TestDirectory.user("AGENT", List.of(d2, d3), "OFFLINE", 1),
                TestDirectory.user("AGENT", List.of(d3, d1), "OFFLINE", 1),
                TestDirectory.user("AGENT", List.of(d1, d2, d3), "OFFLINE", 1));
        List<String> contacts = new ArrayList<>();
        for (UUID department : List.of(d1, d2, d3)) {
            String channel = channelServing(department);
            for (int i = 0; i < 4; i++) {
                contacts.add(customerWrites(channel));
            }
        }

        // All ONLINE at once: four drains of overlapping queues.
        assertThat(inParallel(agents, agent -> given().auth().oauth2(agent.token()).contentType(ContentType.JSON)
                .body(Map.of("availability", "ONLINE")).when().put("/users/me/availability").statusCode()))
                .containsOnly(200);
        for (int round = 0; round < 6; round++) {
            // Nobody over capacity (1), then everyone with a ticket resolves it at once: each resolve drains the
            // resolving agent's queues.
            List<User> busy = agents.stream().filter(agent -> {
                List<String> owned = mine(agent);
                assertThat(owned).hasSizeLessThanOrEqualTo(1);
                return !owned.isEmpty();
            }).toList();
            if (busy.isEmpty()) {
                break;
            }
            assertThat(inParallel(busy, agent -> given().auth().oauth2(agent.token())
                    .when().post("/tickets/{id}/resolve", mine(agent).get(0)).statusCode())).containsOnly(200);
        }

        // 12 tickets, 4 agents of capacity 1: every ticket assigned (and resolved), exactly once.
        assertThat(List.of(d1, d2, d3)).allSatisfy(department -> assertThat(queueOf(department)).isEmpty());
        assertThat(agents).allSatisfy(agent -> assertThat(mine(agent)).isEmpty());
        List<TicketEvent> assigned = recorder.awaitTicketEvents(event -> event instanceof TicketAssigned
                && contacts.stream().anyMatch(contact -> about(contact).test(event)), contacts.size());
        assertThat(assigned).hasSize(contacts.size());
        assertThat(assigned.stream().map(event -> event.ticket().id()).distinct()).hasSize(contacts.size());
    }

    /**
     * While agents resolve tickets (draining queues), an admin raises and lowers the capacity of an ONLINE agent and
     * another agent goes OFFLINE (its tickets requeued) and ONLINE again, all at once over overlapping departments:
     * the changed agent's row is locked in id order with the others, so no call fails on a deadlock, nobody goes over
     * capacity and no ticket is owned twice.
     */
    @Test
    void adminCapacityChangesAndOfflineRequeuesRaceWithDrainsWithoutFailing() throws Exception {
        UUID d1 = TestDirectory.department("Pedidos", "ROUND_ROBIN");
        UUID d2 = TestDirectory.department("Devolucoes", "LEAST_OPEN");
        UUID d3 = TestDirectory.department("Cadastro", "ROUND_ROBIN");
        User resized = TestDirectory.user("AGENT", List.of(d1, d2), "OFFLINE", 1);
        User toggling = TestDirectory.user("AGENT", List.of(d2, d3), "OFFLINE", 2);
        List<User> resolvers = List.of(TestDirectory.user("AGENT", List.of(d3, d1), "OFFLINE", 1),
                TestDirectory.user("AGENT", List.of(d1, d2, d3), "OFFLINE", 1));
        List<User> agents = new ArrayList<>(List.of(resized, toggling));
        agents.addAll(resolvers);
        Map<User, Integer> mostCapacity = Map.of(resized, 3, toggling, 2, resolvers.get(0), 1, resolvers.get(1), 1);
        for (UUID department : List.of(d1, d2, d3)) {
            String channel = channelServing(department);
            for (int i = 0; i < 5; i++) {
                customerWrites(channel);
            }
        }
        assertThat(inParallel(agents, agent -> given().auth().oauth2(agent.token()).contentType(ContentType.JSON)
                .body(Map.of("availability", "ONLINE")).when().put("/users/me/availability").statusCode()))
                .containsOnly(200);

        for (int round = 0; round < 8; round++) {
            boolean even = round % 2 == 0;
            List<Integer> statuses = inParallel(agents, agent -> {
                if (agent == resized) {
                    return given().auth().oauth2(io.atende.ticketing.TicketingTestSupport.adminToken())
                            .contentType(ContentType.JSON).body(Map.of("capacity", even ? 3 : 1))
                            .when().put("/users/{id}", agent.id()).statusCode();
                }
                if (agent == toggling) {
                    return given().auth().oauth2(agent.token()).contentType(ContentType.JSON)
                            .body(Map.of("availability", even ? "OFFLINE" : "ONLINE"))
                            .when().put("/users/me/availability").statusCode();
                }
                List<String> owned = mine(agent);
                return owned.isEmpty() ? 200 : given().auth().oauth2(agent.token())
                        .when().post("/tickets/{id}/resolve", owned.get(0)).statusCode();
            });
            assertThat(statuses).allSatisfy(status -> assertThat(status).isBetween(200, 299));

            // Nobody over the most capacity it had (lowering it does not take tickets away), nothing owned twice,
            // and the agent that went OFFLINE kept nothing.
            List<String> ownedByAnyone = new ArrayList<>();
            for (User agent : agents) {
                List<String> owned = mine(agent);
                assertThat(owned).hasSizeLessThanOrEqualTo(mostCapacity.get(agent));
                ownedByAnyone.addAll(owned);
            }
            assertThat(ownedByAnyone).doesNotHaveDuplicates();
            if (even) {
                assertThat(mine(toggling)).isEmpty();
            }
        }
    }

    private static List<String> mine(User agent) {
        return given().auth().oauth2(agent.token()).when().get("/tickets/mine")
                .then().statusCode(200).extract().path("id");
    }

    /** Runs the call for every agent on its own thread, all released together; the results in agent order. */
    private static <T> List<T> inParallel(List<User> agents, Function<User, T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(agents.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> results = new ArrayList<>();
            for (User agent : agents) {
                results.add(pool.submit(() -> {
                    start.await();
                    return call.apply(agent);
                }));
            }
            start.countDown();
            List<T> done = new ArrayList<>();
            for (Future<T> result : results) {
                done.add(result.get(60, TimeUnit.SECONDS));
            }
            return done;
        } finally {
            pool.shutdownNow();
        }
    }
}
