package io.atende.ticketing.service;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import io.atende.contracts.ticket.TicketRoutedToDepartment;
import io.atende.contracts.ticket.TicketStatus;
import io.atende.ticketing.ChannelSettings;
import io.atende.ticketing.Department;
import io.atende.ticketing.Ticket;
import io.atende.ticketing.config.TicketingConfig;
import io.atende.ticketing.repository.ChannelSettingsRepository;
import io.atende.ticketing.repository.DepartmentRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Department routing. A channel serving one department (or without settings: the default department) routes
 * DIRECT; a channel serving several greets the customer with a numbered menu (status IN_MENU), the answer's number
 * picks the department (MENU), and too many invalid answers or the menu timeout fall back to the channel's default
 * department (DEFAULT). Runs in the caller's transaction.
 */
@ApplicationScoped
public class Routing {

    public static final String MENU = "MENU";
    public static final String DEFAULT = "DEFAULT";
    public static final String DIRECT = "DIRECT";

    /** What a channel offers: its departments in menu order, and where tickets go when the menu does not decide. */
    public record Plan(List<Department> served, Department fallback, ChannelSettings settings) {

        public boolean hasMenu() {
            return served.size() > 1;
        }
    }

    private final ChannelSettingsRepository channels;
    private final DepartmentRepository departments;
    private final Assignment assignment;
    private final TicketJournal journal;
    private final TicketingConfig config;
    private final ReferenceData reference;

    public Routing(ChannelSettingsRepository channels, DepartmentRepository departments, Assignment assignment,
            TicketJournal journal, TicketingConfig config, ReferenceData reference) {
        this.reference = reference;
        this.channels = channels;
        this.departments = departments;
        this.assignment = assignment;
        this.journal = journal;
        this.config = config;
    }

    public Uni<Plan> plan(String channelId) {
        return reference.plan(channelId, () -> load(channelId));
    }

    private Uni<Plan> load(String channelId) {
        return channels.findById(channelId).flatMap(settings -> {
            if (settings == null) {
                return departments.findDefault().map(fallback -> new Plan(List.of(fallback), fallback, null));
            }
            return channels.departmentsOf(channelId).flatMap(ids -> departments.list("id in ?1", ids).flatMap(found -> {
                List<Department> served = found.stream().sorted(Comparator.comparingInt(d -> ids.indexOf(d.id))).toList();
                return departments.findById(settings.defaultDepartmentId)
                        .map(fallback -> new Plan(served.isEmpty() ? List.of(fallback) : served, fallback, settings));
            }));
        });
    }

    /** A new ticket's first customer message: greet with the menu (IN_MENU), or route it straight away. */
    public Uni<Void> start(Ticket ticket, Plan plan, boolean fromCustomer, Instant at) {
        if (plan.hasMenu() && fromCustomer) {
            return prompt(ticket, plan, greeting(plan), at);
        }
        return route(ticket, plan.hasMenu() ? plan.fallback() : plan.served().get(0), plan.hasMenu() ? DEFAULT : DIRECT,
                at, false);
    }

    /** The status a new ticket opens with under this plan. */
    public TicketStatus openingStatus(Plan plan, boolean fromCustomer) {
        return plan.hasMenu() && fromCustomer ? TicketStatus.IN_MENU : TicketStatus.QUEUED;
    }

    /** The department a new ticket opens in: none while the menu decides. */
    public Department openingDepartment(Plan plan, boolean fromCustomer) {
        return plan.hasMenu() ? (fromCustomer ? null : plan.fallback()) : plan.served().get(0);
    }

    /** A customer's answer to the menu. */
    public Uni<Void> answer(Ticket ticket, String text, Instant at) {
        return plan(ticket.channelId).flatMap(plan -> {
            Integer choice = parseChoice(text, plan.served().size());
            if (choice != null) {
                return route(ticket, plan.served().get(choice - 1), MENU, at, true);
            }
            ticket.menuAttempts++;
            if (ticket.menuAttempts > maxInvalidAnswers(plan)) {
                return route(ticket, plan.fallback(), DEFAULT, at, true);
            }
            String invalid = plan.settings() != null && plan.settings().invalidOption != null
                    ? plan.settings().invalidOption : config.menu().invalidOption();
            return prompt(ticket, plan, invalid, at);
        });
    }

    /** The menu went unanswered: the default department takes the ticket, as of the deadline. */
    public Uni<Void> timeOut(Ticket ticket) {
        Instant at = ticket.menuDeadline;
        return plan(ticket.channelId).flatMap(plan -> route(ticket, plan.fallback(), DEFAULT, at, true));
    }

    private Uni<Void> prompt(Ticket ticket, Plan plan, String heading, Instant at) {
        StringBuilder text = new StringBuilder(heading);
        for (int i = 0; i < plan.served().size(); i++) {
            text.append('\n').append(i + 1).append(" - ").append(plan.served().get(i).name);
        }
        ticket.status = TicketStatus.IN_MENU;
        ticket.menuDeadline = Instant.now().plus(config.menuTimeout());
        return journal.botSays(ticket, text.toString(), at).replaceWithVoid();
    }

    private Uni<Void> route(Ticket ticket, Department department, String via, Instant at, boolean confirm) {
        ticket.departmentId = department.id;
        ticket.status = TicketStatus.QUEUED;
        ticket.menuDeadline = null;
        ticket.updatedAt = Instant.now();
        Uni<Void> routed = journal.publish(ticket, snapshot -> new TicketRoutedToDepartment(UUID.randomUUID(), at,
                snapshot, via));
        if (confirm) {
            routed = routed.flatMap(done -> journal.botSays(ticket, config.menu().routed().formatted(department.name), at))
                    .replaceWithVoid();
        }
        return routed.flatMap(done -> assignment.tryAssign(ticket, department, at)).replaceWithVoid();
    }

    private String greeting(Plan plan) {
        return plan.settings() != null && plan.settings().greeting != null ? plan.settings().greeting
                : config.menu().greeting();
    }

    private int maxInvalidAnswers(Plan plan) {
        return plan.settings() != null && plan.settings().maxInvalidAnswers != null ? plan.settings().maxInvalidAnswers
                : config.maxInvalidAnswers();
    }

    static Integer parseChoice(String text, int options) {
        if (text == null) {
            return null;
        }
        String trimmed = text.strip().replaceFirst("[.)]$", "");
        try {
            int choice = Integer.parseInt(trimmed);
            return choice >= 1 && choice <= options ? choice : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
