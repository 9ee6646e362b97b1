/**
 * What the WhatsApp engine reports (its stdout events: messages, QR codes, connection changes, receipts), taken
 * into the services: the engine's counterpart of {@code messaging/} (Kafka) and {@code rest/} (HTTP).
 */
package io.atende.gateway.listener;
