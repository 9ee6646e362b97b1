package io.atende.contracts.channel;

public enum DeliveryStatus {
    SENT, DELIVERED, READ, FAILED
}
