package io.atende.contracts.channel;

/**
 * INBOUND: written by the customer. OUTBOUND: typed on the business phone itself (WhatsApp "fromMe"); Atende counts
 * it as an agent reply by "the phone", never as a customer message.
 */
public enum MessageDirection {
    INBOUND, OUTBOUND
}
