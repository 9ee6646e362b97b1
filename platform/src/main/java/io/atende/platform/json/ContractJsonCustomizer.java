package io.atende.platform.json;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.atende.contracts.JsonCodec;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** REST bodies follow the same JSON rules as the Kafka contract. */
@Singleton
public class ContractJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        JsonCodec.configure(mapper);
    }
}
