package io.atende.platform.json;

import java.io.IOException;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.atende.contracts.JsonCodec;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * REST bodies follow the same JSON rules as the Kafka contract, and no text field of a body is longer than
 * {@code atende.rest.max-text-chars} (WhatsApp's own limit for a text message by default): a longer one is a 400
 * problem naming the field, so that no request can put an event into the outbox that the broker would refuse. A
 * field marked {@link LongText} is exempt.
 */
@Singleton
public class ContractJsonCustomizer implements ObjectMapperCustomizer {

    private final int maxTextChars;

    public ContractJsonCustomizer(@ConfigProperty(name = "atende.rest.max-text-chars", defaultValue = "4096") int maxTextChars) {
        this.maxTextChars = maxTextChars;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        JsonCodec.configure(mapper);
        // Registered after the contract's module, so it takes the strings (and keeps their NUL cleaning).
        mapper.registerModule(new SimpleModule("bounded-rest-text").addDeserializer(String.class, new BoundedText(maxTextChars)));
    }

    private static final class BoundedText extends StdScalarDeserializer<String> implements ContextualDeserializer {

        private final int max;

        BoundedText(int max) {
            super(String.class);
            this.max = max;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            return property != null && property.getAnnotation(LongText.class) != null ? new BoundedText(Integer.MAX_VALUE)
                    : this;
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = JsonCodec.withoutNul(StringDeserializer.instance.deserialize(parser, context));
            if (text != null && text.length() > max) {
                String field = parser.currentName();
                return (String) context.handleWeirdStringValue(String.class, text.substring(0, 40) + "...",
                        "text field '%s' has %d characters; at most %d are accepted", field == null ? "?" : field,
                        text.length(), max);
            }
            return text;
        }
    }
}
