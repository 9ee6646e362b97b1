package io.atende.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** What the contract's JSON mapping does to the text it reads. */
class JsonCodecTest {

    record Sample(String name, List<String> tags, JsonNode message) {
    }

    @Test
    void nulCharactersAreDroppedFromEveryStringRead() {
        Sample read = JsonCodec.read("""
                {"name":"Ana\\u0000 Souza","tags":["a\\u0000b"],"message":{"conversation":"Oi\\u0000!","n":{"x":"\\u0000"}}}
                """, Sample.class);

        assertThat(read.name()).isEqualTo("Ana Souza");
        assertThat(read.tags()).containsExactly("ab");
        assertThat(read.message().path("conversation").asText()).isEqualTo("Oi!");
        assertThat(read.message().path("n").path("x").asText()).isEmpty();
    }

    @Test
    void otherTextIsReadAsItIs() {
        Sample read = JsonCodec.read("{\"name\":\"Zé \\\\u0000 \\\\n ✓\",\"tags\":[]}", Sample.class);

        assertThat(read.name()).isEqualTo("Zé \\u0000 \\n ✓");
    }
}
