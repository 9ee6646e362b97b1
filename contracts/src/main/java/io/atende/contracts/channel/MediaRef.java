package io.atende.contracts.channel;

/**
 * Media travels by reference, never as bytes in Kafka: {@code ref} is what the channel serves the content back by.
 */
public record MediaRef(String ref, String mimeType, String fileName, Long sizeBytes) {
}
