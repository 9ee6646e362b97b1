package io.atende.platform.json;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A REST body field exempt from {@code atende.rest.max-text-chars}: content that is not text an event carries
 * (the simulator's base64 media, which the gateway stores as bytes and publishes by reference).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD })
public @interface LongText {
}
