package io.atende.contracts;

import java.io.IOException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON mapping of the contract: ISO-8601 instants, absent fields omitted, unknown fields tolerated, and no
 * NUL character (U+0000) in any string read: PostgreSQL cannot store one in text, so a push name, file name or reply
 * that carried one would make every write of it fail. It is dropped where JSON enters Atende (records, REST bodies,
 * the engine's events, free-form trees such as a WhatsApp message).
 */
public final class JsonCodec {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private JsonCodec() {
    }

    /** Applies the contract's settings to a mapper (e.g. the one a Quarkus service already has). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.setNodeFactory(new NulFreeNodeFactory());
        return mapper.registerModule(new JavaTimeModule())
                .registerModule(new SimpleModule("nul-free-strings").addDeserializer(String.class, new NulFreeStrings()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Reads a record of the contract; a malformed payload throws {@link MalformedEventException}. */
    public static <T> T read(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new MalformedEventException("empty payload for " + type.getSimpleName());
        }
        T value;
        try {
            value = MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
        if (value instanceof Event event) {
            event.requireComplete();
        }
        return value;
    }

    /** Text without NUL characters. */
    public static String withoutNul(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "");
    }

    private static final class NulFreeStrings extends StdScalarDeserializer<String> {

        NulFreeStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return withoutNul(StringDeserializer.instance.deserialize(parser, context));
        }
    }

    private static final class NulFreeNodeFactory extends JsonNodeFactory {

        @Override
        public TextNode textNode(String text) {
            return super.textNode(withoutNul(text));
        }
    }
}
