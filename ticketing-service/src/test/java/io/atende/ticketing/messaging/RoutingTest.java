package io.atende.ticketing.messaging;

import static io.atende.contracts.testing.InboundMessages.customerText;
import static io.atende.contracts.testing.InboundMessages.newContactAddress;
import static io.atende.ticketing.TicketingTestSupport.kafka;
import static io.atende.ticketing.TopicRecorder.about;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.atende.contracts.Topics;
import io.atende.contracts.channel.OutboundMessageRequested;
import io.atende.contracts.ticket.BotMessageSent;
import io.atende.contracts.ticket.TicketEvent;
import io.atende.contracts.ticket.TicketOpened;
import io.atende.contracts.ticket.TicketRoutedToDepartment;
import io.atende.contracts.ticket.TicketStatus;
import io.atende.localstack.LocalStackTestResource;
import io.atende.ticketing.TestDirectory;
import io.atende.ticketing.TopicRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** Menu and routing; the test profile sets a 4 s menu timeout and 2 invalid answers before falling back. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_ticketing"))
class RoutingTest {

    private final TopicRecorder recorder = TopicRecorder.get();
    private UUID sales;
    private UUID support;
    private String channel;

    @BeforeEach
    void aChannelServingTwoDepartments() {
        sales = TestDirectory.department("Vendas", "MANUAL");
        support = TestDirectory.department("Suporte", "MANUAL");
        channel = TestDirectory.unique("loja");
        TestDirectory.channel(channel, List.of(sales, support), support);
    }

    @Test
    void firstMessageGetsAGreetingWithANumberedMenu() {
        String contact = newContactAddress();

        kafka().send(Topics.CHANNEL_INBOUND, customerText(channel, contact, "Oi"));

        TicketOpened opened = recorder.awaitTicketEvent(TicketOpened.class, about(contact));
        assertThat(opened.ticket().status()).isEqualTo(TicketStatus.IN_MENU);
        assertThat(opened.ticket().departmentId()).isNull();
        BotMessageSent bot = recorder.awaitTicketEvent(BotMessageSent.class, about(contact));
        OutboundMessageRequested menu = recorder.awaitOutbound(out -> bot.messageId().equals(out.messageId()), 1).get(0);
        assertThat(menu.author()).isEqualTo("BOT");
        assertThat(menu.text()).contains("número do setor").contains("1 - Vendas").contains("2 - Suporte");
        assertThat(menu.ticketId()).isEqualTo(opened.ticket().id());
    }

    @Test
    void theAnswersNumberPicksTheDepartment() {
        String contact = newContactAddress();
        kafka().send(Topics.CHANNEL_INBOUND, customerText(channel, contact, "Oi"));
        recorder.awaitTicketEvent(BotMessageSent.class, about(contact));

        kafka().send(Topics.CHANNEL_INBOUND, customerText(channel, contact, " 1 "));

        TicketRoutedToDepartment routed = recorder.awaitTicketEvent(TicketRoutedToDepartment.class, about(contact));
        assertThat(routed.via()).isEqualTo("MENU");
        assertThat(routed.ticket().departmentId()).isEqualTo(sales);
        assertThat(routed.ticket().status()).isEqualTo(TicketStatus.QUEUED);
    }

    @Test
    void invalidAnswersArePromptedAgainThenFallBackToTheDefaultDepartment() {
        String contact = newContactAddress();
        kafka().send(Topics.CHANNEL_INBOUND, customerText(channel, contact, "Oi"));
        recorder.awaitTicketEvent(BotMessageSent.class, about(contact));

        kafka().send(Topics.CHANNEL_INBOUND, customerText(channel, contact, "quero falar com alguém"));
        kafka().send(Topics.CHANNEL_INBOUND, customerText(channel, contact, "7"));
        List<TicketEvent> prompts = recorder.awaitTicketEvents(about(contact).and(BotMessageSent.class::isInstance), 3);
        assertThat(recorder.ticketEvents(about(contact).and(TicketRoutedToDepartment.class::isInstance))).isEmpty();
        OutboundMessageRequested reprompt = recorder.awaitOutbound(
                out -> ((BotMessageSent) prompts.get(1)).messageId().equals(out.messageId()), 1).get(0);
        assertThat(reprompt.text()).contains("Não entendi").contains("1 - Vendas");

        kafka().send(Topics.CHANNEL_INBOUND, customerText(channel, contact, "???"));

        TicketRoutedToDepartment routed = recorder.awaitTicketEvent(TicketRoutedToDepartment.class, about(contact));
        assertThat(routed.via()).isEqualTo("DEFAULT");
        assertThat(routed.ticket().departmentId()).isEqualTo(support);
    }

    @Test
    void anUnansweredMenuFallsBackToTheDefaultDepartmentAtItsDeadline() {
        String contact = newContactAddress();

        kafka().send(Topics.CHANNEL_INBOUND, customerText(channel, contact, "Oi"));

        BotMessageSent menu = recorder.awaitTicketEvent(BotMessageSent.class, about(contact));
        TicketRoutedToDepartment routed = recorder.awaitTicketEvent(TicketRoutedToDepartment.class, about(contact));
        assertThat(routed.via()).isEqualTo("DEFAULT");
        assertThat(routed.ticket().departmentId()).isEqualTo(support);
        // Dated at the menu's deadline (menu-timeout = 4s in tests), not when the check noticed it.
        assertThat(routed.occurredAt()).isAfterOrEqualTo(menu.occurredAt().plusSeconds(4));
    }

    @Test
    void aChannelWithOneDepartmentRoutesDirectly() {
        String single = TestDirectory.unique("loja");
        TestDirectory.channel(single, List.of(sales), sales);
        String contact = newContactAddress();

        kafka().send(Topics.CHANNEL_INBOUND, customerText(single, contact, "Oi"));

        TicketRoutedToDepartment routed = recorder.awaitTicketEvent(TicketRoutedToDepartment.class, about(contact));
        assertThat(routed.via()).isEqualTo("DIRECT");
        assertThat(routed.ticket().departmentId()).isEqualTo(sales);
        assertThat(recorder.ticketEvents(about(contact).and(BotMessageSent.class::isInstance))).isEmpty();
    }
}
