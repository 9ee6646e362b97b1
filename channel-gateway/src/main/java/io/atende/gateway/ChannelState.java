package io.atende.gateway;

/**
 * Where a channel's WhatsApp session is. FAILED: the engine could not start it (the reason is in
 * {@code lastError}); the gateway tries again whenever the engine (re)starts.
 */
public enum ChannelState {
    NEW, WAITING_FOR_QR, CONNECTED, DISCONNECTED, LOGGED_OUT, FAILED
}
