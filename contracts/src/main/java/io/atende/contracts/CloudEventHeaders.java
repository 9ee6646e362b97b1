package io.atende.contracts;

/**
 * CloudEvents binary-mode Kafka headers. SmallRye Reactive Messaging writes and reads them natively; the constants
 * are for code (and other languages' channels) that handles raw records.
 */
public final class CloudEventHeaders {

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String SUBJECT = "ce_subject";
    public static final String SPEC_VERSION_1_0 = "1.0";

    private CloudEventHeaders() {
    }
}
