package io.atende.ticketing.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Ticketing rules that operators tune ({@code atende.ticketing.*}). */
@ConfigMapping(prefix = "atende.ticketing")
public interface TicketingConfig {

    /** What happens to an agent's owned tickets when the agent goes OFFLINE. */
    enum OfflineAgentTickets {
        KEEP, REQUEUE
    }

    /** How long the bot menu waits for an answer before the channel's default department takes the ticket. */
    @WithDefault("2m")
    Duration menuTimeout();

    /** How often expired menus are looked for: the bound on the lag after a menu timeout. */
    @WithDefault("1s")
    Duration menuCheck();

    /** Invalid menu answers re-prompted before falling back to the default department. */
    @WithDefault("2")
    int maxInvalidAnswers();

    /**
     * A customer message on a RESOLVED ticket resolved less than this ago reopens it; otherwise (and always with the
     * default 0) it opens a new ticket with a new number. CLOSED tickets never reopen.
     */
    @WithDefault("0s")
    Duration reopenWindow();

    @WithDefault("KEEP")
    OfflineAgentTickets offlineAgentTickets();

    /** How long departments and channel routing plans are cached by the intake (0 = no cache). */
    @WithDefault("5s")
    Duration referenceCacheTtl();

    /** Menu texts used when a channel's settings leave them empty. */
    Menu menu();

    interface Menu {

        @WithDefault("Olá! Seja bem-vindo(a) ao nosso atendimento. Para continuar, responda com o número do setor desejado:")
        String greeting();

        @WithDefault("Não entendi sua resposta. Por favor, responda apenas com o número de uma das opções:")
        String invalidOption();

        /** {@code %s} is the department's name. */
        @WithDefault("Certo! Você será atendido(a) pelo setor %s. Aguarde um momento, por favor.")
        String routed();
    }
}
