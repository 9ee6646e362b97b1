package io.atende.ticketing.rest;

import static io.atende.contracts.testing.InboundMessages.customerText;
import static io.atende.contracts.testing.InboundMessages.newContactAddress;
import static io.atende.ticketing.TicketingTestSupport.adminToken;
import static io.atende.ticketing.TicketingTestSupport.database;
import static io.atende.ticketing.TicketingTestSupport.kafka;
import static io.atende.ticketing.TicketingTestSupport.sessionsWaitingForALock;
import static io.atende.ticketing.TopicRecorder.about;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.atende.contracts.ContactRef;
import io.atende.contracts.Topics;
import io.atende.contracts.channel.InboundMessageReceived;
import io.atende.contracts.channel.OutboundMessageRequested;
import io.atende.contracts.ticket.AgentReplied;
import io.atende.contracts.ticket.CustomerMessageReceived;
import io.atende.contracts.ticket.TicketAssigned;
import io.atende.contracts.ticket.TicketClosed;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.contracts.ticket.TicketPriorityChanged;
import io.atende.contracts.ticket.TicketResolved;
import io.atende.contracts.ticket.TicketStatus;
import io.atende.contracts.ticket.TicketTransferred;
import io.atende.contracts.ticket.TicketWaitingOnCustomer;
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
class AgentApiTest {

    private final TopicRecorder recorder = TopicRecorder.get();
    private UUID sales;
    private UUID support;
    private String channel;
    private User ana;

    @BeforeEach
    void aChannelServingSalesOnly() {
        sales = TestDirectory.department("Vendas", "MANUAL");
        support = TestDirectory.department("Suporte", "MANUAL");
        channel = TestDirectory.unique("loja");
        TestDirectory.channel(channel, List.of(sales), sales);
        ana = TestDirectory.agent(sales);
    }

    private UUID ticketFromANewCustomer(String contact) {
        kafka().send(Topics.CHANNEL_INBOUND, customerText(channel, contact, "Quero comprar"));
        return recorder.awaitTicketEvent(TicketOpened.class, about(contact)).ticket().id();
    }

    private UUID queued(String contact) {
        UUID id = ticketFromANewCustomer(contact);
        recorder.awaitTicketEvent(CustomerMessageReceived.class, about(contact));
        return id;
    }

    @Test
    void queueListsQueuedTicketsOldestFirstAndAnAgentAcceptsOne() {
        String first = newContactAddress();
        String second = newContactAddress();
        UUID older = queued(first);
        UUID newer = queued(second);

        given().auth().oauth2(ana.token()).when().get("/departments/{id}/queue?size=10", sales)
                .then().statusCode(200)
                .body("id", equalTo(List.of(older.toString(), newer.toString())))
                .body("[0].status", equalTo("QUEUED"));

        given().auth().oauth2(ana.token()).when().post("/tickets/{id}/accept", older)
                .then().statusCode(200)
                .body("status", equalTo("OPEN"))
                .body("assigneeId", equalTo(ana.id().toString()));

        TicketAssigned assigned = recorder.awaitTicketEvent(TicketAssigned.class, about(first));
        assertThat(assigned.mode()).isEqualTo("ACCEPTED");
        assertThat(assigned.ticket().assigneeId()).isEqualTo(ana.id());
        assertThat(assigned.ticket().status()).isEqualTo(TicketStatus.OPEN);
        given().auth().oauth2(ana.token()).when().get("/departments/{id}/queue", sales)
                .then().statusCode(200).body("id", equalTo(List.of(newer.toString())));
        given().auth().oauth2(ana.token()).when().get("/tickets/mine")
                .then().statusCode(200).body("id", equalTo(List.of(older.toString())));
    }

    @Test
    void acceptingAnOwnedTicketIsAConflict() {
        UUID ticket = queued(newContactAddress());
        User bia = TestDirectory.agent(sales);
        given().auth().oauth2(ana.token()).when().post("/tickets/{id}/accept", ticket).then().statusCode(200);

        given().auth().oauth2(bia.token()).when().post("/tickets/{id}/accept", ticket)
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("already owned"));
    }

    @Test
    void nulCharactersInACustomersMessageAndInAReplyAreDroppedNotRefusedByTheDatabase() {
        String contact = newContactAddress();
        ContactRef withNul = new ContactRef(contact, "+" + contact.replaceAll("\\D", ""), null, "Ana\u0000 Souza");
        InboundMessageReceived message = customerText(channel, contact, "Quero\u0000 comprar");
        kafka().send(Topics.CHANNEL_INBOUND, new InboundMessageReceived(message.eventId(), message.occurredAt(),
                message.channel(), message.externalMessageId(), withNul, message.sender(), message.direction(),
                message.sentAt(), message.receivedAt(), message.kind(), message.text(), message.media(),
                message.replyToMessageId(), message.referencedMessageId(), message.offline()));
        UUID ticket = recorder.awaitTicketEvent(TicketOpened.class, about(contact)).ticket().id();
        given().auth().oauth2(ana.token()).when().post("/tickets/{id}/accept", ticket).then().statusCode(200);

        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body("{\"text\":\"Ol\\u0000á!\"}")
                .when().post("/tickets/{id}/replies", ticket)
                .then().statusCode(200);

        given().auth().oauth2(ana.token()).when().get("/tickets/{id}", ticket)
                .then().statusCode(200)
                .body("contact.name", equalTo("Ana Souza"))
                .body("messages.text", equalTo(List.of("Quero comprar", "Olá!")));
    }

    /**
     * The intake holds the ticket (a customer's message being appended) when the agent's resolve reads it: the
     * resolve must not overwrite the ticket as if the message had not come (a message stored on a RESOLVED ticket,
     * unseen, with a stale event reopening it in the reports). The resolve is refused as a conflict instead, and
     * the agent sees the message.
     */
    @Test
    void aResolveThatRacesACustomersNewMessageIsRefusedAndTheMessageStaysOnTheActiveTicket() throws Exception {
        String contact = newContactAddress();
        UUID ticket = queued(contact);
        given().auth().oauth2(ana.token()).when().post("/tickets/{id}/accept", ticket).then().statusCode(200);
        CompletableFuture<Integer> resolve;
        try (Connection db = database(); Connection lock = database()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("select id from ticket where id = '" + ticket + "' for update");
            kafka().send(Topics.CHANNEL_INBOUND, customerText(channel, contact, "Espera, mais uma coisa"));
            await().atMost(Duration.ofSeconds(20)).until(() -> sessionsWaitingForALock(db) >= 1);
            resolve = CompletableFuture.supplyAsync(() -> given().auth().oauth2(ana.token())
                    .when().post("/tickets/{id}/resolve", ticket).statusCode());
            await().atMost(Duration.ofSeconds(20)).until(() -> sessionsWaitingForALock(db) >= 2);
            lock.commit(); // the intake takes the ticket first, then the resolve goes on
        }

        assertThat(resolve.get(20, TimeUnit.SECONDS)).isEqualTo(409);
        given().auth().oauth2(ana.token()).when().get("/tickets/{id}", ticket)
                .then().statusCode(200)
                .body("status", equalTo("OPEN"))
                .body("messages.text", equalTo(List.of("Quero comprar", "Espera, mais uma coisa")));
    }

    @Test
    void aReplyOrAReasonLongerThanATextMessageMayBeIsABadRequestNamingTheField() {
        UUID ticket = queued(newContactAddress());
        given().auth().oauth2(ana.token()).when().post("/tickets/{id}/accept", ticket).then().statusCode(200);

        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("text", "a".repeat(4097)))
                .when().post("/tickets/{id}/replies", ticket)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("'text' has 4097 characters; at most 4096"));
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON)
                .body(Map.of("departmentId", support.toString(), "reason", "b".repeat(100_000)))
                .when().post("/tickets/{id}/transfer", ticket)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("'reason' has 100000 characters"));
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("text", "c".repeat(4096)))
                .when().post("/tickets/{id}/replies", ticket)
                .then().statusCode(200);
    }

    /** A reopen that races the conversation's new ticket (the unique index refuses the second active one) is a 409. */
    @Test
    void aReopenThatRacesANewTicketOfTheConversationIsAConflictNotAServerError() throws Exception {
        UUID ticket = queued(newContactAddress());
        given().auth().oauth2(ana.token()).when().post("/tickets/{id}/accept", ticket).then().statusCode(200);
        given().auth().oauth2(ana.token()).when().post("/tickets/{id}/resolve", ticket).then().statusCode(200);
        CompletableFuture<Integer> reopen;
        try (Connection db = database(); Connection lock = database()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("select id from ticket where id = '" + ticket + "' for update");
            reopen = CompletableFuture.supplyAsync(() -> given().auth().oauth2(ana.token())
                    .contentType(ContentType.JSON).body(Map.of("reason", "cliente voltou"))
                    .when().post("/tickets/{id}/reopen", ticket).statusCode());
            await().atMost(Duration.ofSeconds(20)).until(() -> sessionsWaitingForALock(db) >= 1);
            // Meanwhile the conversation gets a new active ticket (as the intake would open it).
            db.createStatement().execute("insert into ticket (id, number, channel_type, channel_id, contact_id,"
                    + " contact_address, department_id, priority, status, opened_at, updated_at)"
                    + " select gen_random_uuid(), nextval('ticket_number_seq'), channel_type, channel_id, contact_id,"
                    + " contact_address, department_id, priority, 'QUEUED', now(), now() from ticket where id = '"
                    + ticket + "'");
            lock.commit();
        }

        assertThat(reopen.get(20, TimeUnit.SECONDS)).isEqualTo(409);
        given().auth().oauth2(ana.token()).when().get("/tickets/{id}", ticket)
                .then().statusCode(200).body("status", equalTo("RESOLVED"));
    }

    @Test
    void replyIsStoredAndSentThroughTheOutboundTopicWithTheAgentReply() {
        String contact = newContactAddress();
        UUID ticket = queued(contact);
        given().auth().oauth2(ana.token()).when().post("/tickets/{id}/accept", ticket).then().statusCode(200);

        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("text", "Olá! Posso ajudar."))
                .when().post("/tickets/{id}/replies", ticket)
                .then().statusCode(200);

        OutboundMessageRequested command = recorder.awaitOutbound(out -> ticket.equals(out.ticketId()), 1).get(0);
        assertThat(command.text()).isEqualTo("Olá! Posso ajudar.");
        assertThat(command.author()).isEqualTo("AGENT");
        assertThat(command.contactAddress()).isEqualTo(contact);
        assertThat(command.channel().id()).isEqualTo(channel);
        AgentReplied replied = recorder.awaitTicketEvent(AgentReplied.class, about(contact));
        assertThat(replied.author()).isEqualTo(AgentReplied.AGENT);
        assertThat(replied.authorUserId()).isEqualTo(ana.id());
        assertThat(replied.messageId()).isEqualTo(command.messageId());
        given().auth().oauth2(ana.token()).when().get("/tickets/{id}", ticket)
                .then().statusCode(200)
                .body("messages", hasSize(2))
                .body("messages[1].author", equalTo("AGENT"))
                .body("messages[1].id", equalTo(command.messageId().toString()))
                .body("messages[1].direction", equalTo("OUTBOUND"));
    }

    @Test
    void ticketDetailPagesItsConversation() {
        String contact = newContactAddress();
        UUID ticket = queued(contact);
        kafka().send(Topics.CHANNEL_INBOUND, customerText(channel, contact, "segunda"));
        kafka().send(Topics.CHANNEL_INBOUND, customerText(channel, contact, "terceira"));
        recorder.awaitTicketEvents(about(contact).and(CustomerMessageReceived.class::isInstance), 3);

        given().auth().oauth2(ana.token()).when().get("/tickets/{id}?page=1&size=2", ticket)
                .then().statusCode(200).body("messages", hasSize(1)).body("messages[0].text", equalTo("terceira"));
        given().auth().oauth2(ana.token()).when().get("/tickets/{id}?size=0", ticket).then().statusCode(400);
    }

    @Test
    void waitingOnCustomerEndsWhenTheCustomerWrites() {
        String contact = newContactAddress();
        UUID ticket = queued(contact);
        given().auth().oauth2(ana.token()).when().post("/tickets/{id}/accept", ticket).then().statusCode(200);

        given().auth().oauth2(ana.token()).when().post("/tickets/{id}/waiting", ticket)
                .then().statusCode(200).body("status", equalTo("WAITING_ON_CUSTOMER"));
        recorder.awaitTicketEvent(TicketWaitingOnCustomer.class, about(contact));
        kafka().send(Topics.CHANNEL_INBOUND, customerText(channel, contact, "Voltei"));

        List<?> messages = recorder.awaitTicketEvents(about(contact).and(CustomerMessageReceived.class::isInstance), 2);
        assertThat(((CustomerMessageReceived) messages.get(1)).ticket().status()).isEqualTo(TicketStatus.OPEN);
        given().auth().oauth2(ana.token()).when().get("/tickets/{id}", ticket)
                .then().statusCode(200).body("status", equalTo("OPEN"));
    }

    @Test
    void priorityChangeIsAnnounced() {
        String contact = newContactAddress();
        UUID ticket = queued(contact);

        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("priority", "URGENT"))
                .when().put("/tickets/{id}/priority", ticket)
                .then().statusCode(200).body("priority", equalTo("URGENT"));

        TicketPriorityChanged changed = recorder.awaitTicketEvent(TicketPriorityChanged.class, about(contact));
        assertThat(changed.previousPriority().name()).isEqualTo("NORMAL");
        assertThat(changed.ticket().priority().name()).isEqualTo("URGENT");
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("priority", "SOMEDAY"))
                .when().put("/tickets/{id}/priority", ticket)
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void transferToAnotherDepartmentAndUserIsAudited() {
        String contact = newContactAddress();
        UUID ticket = queued(contact);
        // Online: a transfer to a named user needs one who is working (see the test below).
        User caio = TestDirectory.onlineAgent(5, support);
        given().auth().oauth2(ana.token()).when().post("/tickets/{id}/accept", ticket).then().statusCode(200);

        given().auth().oauth2(ana.token()).contentType(ContentType.JSON)
                .body(Map.of("departmentId", support, "userId", caio.id(), "reason", "problema técnico"))
                .when().post("/tickets/{id}/transfer", ticket)
                .then().statusCode(200)
                .body("departmentId", equalTo(support.toString()))
                .body("assigneeId", equalTo(caio.id().toString()))
                .body("status", equalTo("OPEN"));

        TicketTransferred transferred = recorder.awaitTicketEvent(TicketTransferred.class, about(contact));
        assertThat(transferred.fromDepartmentId()).isEqualTo(sales);
        assertThat(transferred.toDepartmentId()).isEqualTo(support);
        assertThat(transferred.fromAssigneeId()).isEqualTo(ana.id());
        assertThat(transferred.toAssigneeId()).isEqualTo(caio.id());
        assertThat(transferred.byUserId()).isEqualTo(ana.id());
        assertThat(transferred.reason()).isEqualTo("problema técnico");
        given().auth().oauth2(caio.token()).when().get("/tickets/{id}/transfers", ticket)
                .then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].byUsername", equalTo(ana.username()))
                .body("[0].reason", equalTo("problema técnico"));
        // Ana no longer serves the ticket's department.
        given().auth().oauth2(ana.token()).when().get("/tickets/{id}", ticket).then().statusCode(403);
    }

    @Test
    void aTransferToANamedUserWhoIsOfflineOrAtCapacityIsRefusedWithTheReason() {
        UUID ticket = queued(newContactAddress());
        given().auth().oauth2(ana.token()).when().post("/tickets/{id}/accept", ticket).then().statusCode(200);
        User offline = TestDirectory.agent(support);
        User full = TestDirectory.onlineAgent(0, support);

        given().auth().oauth2(ana.token()).contentType(ContentType.JSON)
                .body(Map.of("departmentId", support, "userId", offline.id(), "reason", "x"))
                .when().post("/tickets/{id}/transfer", ticket)
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("OFFLINE"));
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON)
                .body(Map.of("departmentId", support, "userId", full.id(), "reason", "x"))
                .when().post("/tickets/{id}/transfer", ticket)
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("capacity"));
        given().auth().oauth2(ana.token()).when().get("/tickets/{id}", ticket)
                .then().statusCode(200).body("assigneeId", equalTo(ana.id().toString()));
    }

    @Test
    void transferErrorsAreProblems() {
        UUID ticket = queued(newContactAddress());
        User caio = TestDirectory.agent(support);

        given().auth().oauth2(ana.token()).contentType(ContentType.JSON)
                .body(Map.of("departmentId", UUID.randomUUID(), "reason", "x"))
                .when().post("/tickets/{id}/transfer", ticket).then().statusCode(404);
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON)
                .body(Map.of("userId", UUID.randomUUID(), "reason", "x"))
                .when().post("/tickets/{id}/transfer", ticket).then().statusCode(404);
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON)
                .body(Map.of("userId", caio.id(), "reason", "Caio não atende Vendas"))
                .when().post("/tickets/{id}/transfer", ticket).then().statusCode(409);
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON)
                .body(Map.of("departmentId", support))
                .when().post("/tickets/{id}/transfer", ticket)
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("reason"));
    }

    @Test
    void resolvedAndClosedTicketsRefuseRepliesAndClosedNeverReopens() {
        String contact = newContactAddress();
        UUID ticket = queued(contact);
        given().auth().oauth2(ana.token()).when().post("/tickets/{id}/accept", ticket).then().statusCode(200);

        given().auth().oauth2(ana.token()).when().post("/tickets/{id}/resolve", ticket)
                .then().statusCode(200).body("status", equalTo("RESOLVED"));
        recorder.awaitTicketEvent(TicketResolved.class, about(contact));
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("text", "mais uma coisa"))
                .when().post("/tickets/{id}/replies", ticket).then().statusCode(409);
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("reason", "faltou algo"))
                .when().post("/tickets/{id}/reopen", ticket)
                .then().statusCode(200).body("status", equalTo("OPEN"));
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("reason", "encerrado"))
                .when().post("/tickets/{id}/close", ticket)
                .then().statusCode(200).body("status", equalTo("CLOSED"));
        recorder.awaitTicketEvent(TicketClosed.class, about(contact));

        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("text", "oi"))
                .when().post("/tickets/{id}/replies", ticket)
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("CLOSED"));
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of())
                .when().post("/tickets/{id}/reopen", ticket).then().statusCode(409);
    }

    @Test
    void agentsOnlySeeTheirDepartmentsTickets() {
        UUID ticket = queued(newContactAddress());
        User caio = TestDirectory.agent(support);

        given().auth().oauth2(caio.token()).when().get("/tickets/{id}", ticket)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(caio.token()).when().post("/tickets/{id}/accept", ticket).then().statusCode(403);
        given().auth().oauth2(caio.token()).when().get("/departments/{id}/queue", sales).then().statusCode(403);
        given().auth().oauth2(caio.token()).when().get("/departments/{id}/queue", UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(caio.token()).when().post("/tickets/{id}/accept", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void agentsActOnlyOnUnownedTicketsAndTheirOwnWhileSupervisorsActOnTheirDepartments() {
        String contact = newContactAddress();
        UUID ticket = queued(contact);
        User bia = TestDirectory.agent(sales);
        User sonia = TestDirectory.supervisor(sales);
        given().auth().oauth2(ana.token()).when().post("/tickets/{id}/accept", ticket).then().statusCode(200);

        given().auth().oauth2(bia.token()).when().get("/tickets/{id}", ticket).then().statusCode(200);
        given().auth().oauth2(bia.token()).when().post("/tickets/{id}/resolve", ticket).then().statusCode(403);
        given().auth().oauth2(sonia.token()).when().post("/tickets/{id}/resolve", ticket)
                .then().statusCode(200).body("status", equalTo("RESOLVED"));
        TicketResolved resolved = recorder.awaitTicketEvent(TicketResolved.class, about(contact));
        assertThat(resolved.byUserId()).isEqualTo(sonia.id());
    }

    @Test
    void searchListsOnlyTicketsOfDepartmentsTheCallerServes() {
        String contact = newContactAddress();
        queued(contact);
        User caio = TestDirectory.agent(support);

        given().auth().oauth2(ana.token()).queryParam("contact", contact).when().get("/tickets")
                .then().statusCode(200).body("$", hasSize(1));
        given().auth().oauth2(caio.token()).queryParam("contact", contact).when().get("/tickets")
                .then().statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(adminToken()).queryParam("contact", contact).when().get("/tickets")
                .then().statusCode(200).body("$", hasSize(1)).body("department.id", not(hasItem(support.toString())));
    }

    @Test
    void anUnregisteredAgentIsForbiddenAndInvalidReplyIsBadRequest() {
        UUID ticket = queued(newContactAddress());

        given().auth().oauth2(io.atende.ticketing.TicketingTestSupport.agentToken()).when().get("/tickets/mine")
                .then().statusCode(403).body("detail", containsString("not a registered user"));
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("text", " "))
                .when().post("/tickets/{id}/replies", ticket).then().statusCode(400);
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body("{not json")
                .when().post("/tickets/{id}/replies", ticket).then().statusCode(400);
    }
}
