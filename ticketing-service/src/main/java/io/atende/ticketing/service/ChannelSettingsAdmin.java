package io.atende.ticketing.service;

import java.time.Instant;
import java.util.UUID;

import io.atende.platform.rest.ProblemException;
import io.atende.ticketing.ChannelSettings;
import io.atende.ticketing.config.TicketingConfig;
import io.atende.ticketing.repository.ChannelSettingsRepository;
import io.atende.ticketing.rest.AdminViews.ChannelSettingsBody;
import io.atende.ticketing.rest.AdminViews.ChannelSettingsView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A channel's settings: the departments it serves, its default department and its bot menu texts. */
@ApplicationScoped
public class ChannelSettingsAdmin {

    private final ChannelSettingsRepository channels;
    private final Departments departments;
    private final TicketingConfig config;
    private final ReferenceData reference;

    public ChannelSettingsAdmin(ChannelSettingsRepository channels, Departments departments, TicketingConfig config,
            ReferenceData reference) {
        this.channels = channels;
        this.departments = departments;
        this.config = config;
        this.reference = reference;
    }

    @WithSession
    public Uni<ChannelSettingsView> channelSettings(String channelId) {
        return channels.findById(channelId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no settings for channel " + channelId))
                .flatMap(this::view);
    }

    @WithTransaction
    public Uni<ChannelSettingsView> putChannelSettings(String channelId, ChannelSettingsBody body) {
        if (body == null || body.departmentIds() == null || body.departmentIds().isEmpty()) {
            throw ProblemException.badRequest("a channel serves at least one department: give 'departmentIds'");
        }
        if (body.departmentIds().stream().distinct().count() != body.departmentIds().size()) {
            throw ProblemException.badRequest("'departmentIds' lists a department twice");
        }
        if (body.maxInvalidAnswers() != null && body.maxInvalidAnswers() < 0) {
            throw ProblemException.badRequest("'maxInvalidAnswers' cannot be negative");
        }
        UUID defaultId = body.defaultDepartmentId() != null ? body.defaultDepartmentId() : body.departmentIds().get(0);
        if (!body.departmentIds().contains(defaultId)) {
            throw ProblemException.badRequest("the default department must be one the channel serves");
        }
        return departments.requireAll(body.departmentIds())
                .flatMap(checked -> channels.findById(channelId))
                .flatMap(existing -> {
                    ChannelSettings settings = existing != null ? existing : new ChannelSettings();
                    settings.channelId = channelId;
                    settings.defaultDepartmentId = defaultId;
                    settings.greeting = blankToNull(body.greeting());
                    settings.invalidOption = blankToNull(body.invalidOption());
                    settings.maxInvalidAnswers = body.maxInvalidAnswers();
                    settings.updatedAt = Instant.now();
                    Uni<ChannelSettings> saved = existing != null ? Uni.createFrom().item(settings)
                            : channels.persist(settings);
                    return saved.flatMap(s -> channels.setDepartments(channelId, body.departmentIds()))
                            .invoke(reference::invalidate)
                            .replaceWith(settings);
                })
                .map(settings -> new ChannelSettingsView(settings.channelId, body.departmentIds(),
                        settings.defaultDepartmentId, effectiveGreeting(settings), effectiveInvalid(settings),
                        effectiveMax(settings)));
    }

    private Uni<ChannelSettingsView> view(ChannelSettings settings) {
        return channels.departmentsOf(settings.channelId).map(ids -> new ChannelSettingsView(settings.channelId, ids,
                settings.defaultDepartmentId, effectiveGreeting(settings), effectiveInvalid(settings),
                effectiveMax(settings)));
    }

    private String effectiveGreeting(ChannelSettings settings) {
        return settings.greeting != null ? settings.greeting : config.menu().greeting();
    }

    private String effectiveInvalid(ChannelSettings settings) {
        return settings.invalidOption != null ? settings.invalidOption : config.menu().invalidOption();
    }

    private int effectiveMax(ChannelSettings settings) {
        return settings.maxInvalidAnswers != null ? settings.maxInvalidAnswers : config.maxInvalidAnswers();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
