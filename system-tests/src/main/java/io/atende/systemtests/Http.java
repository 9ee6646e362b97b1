package io.atende.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import io.atende.contracts.JsonCodec;

/** A JSON-over-HTTP client with a bearer token, for driving the services from outside. */
public final class Http {

    /** A response: its status and its body as JSON (null when the body is empty or not JSON). */
    public record Reply(int status, String body) {

        public JsonNode json() {
            try {
                return body == null || body.isBlank() ? null : JsonCodec.mapper().readTree(body);
            } catch (IOException e) {
                return null;
            }
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final String token;

    public Http(String token) {
        this.token = token;
    }

    public Reply get(String url) {
        return send(request(url).GET().build());
    }

    public Reply post(String url, Object body) {
        return post(url, body, DEFAULT_TIMEOUT);
    }

    public Reply post(String url, Object body, Duration timeout) {
        return send(request(url).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : JsonCodec.write(body))).build());
    }

    private HttpRequest.Builder request(String url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(DEFAULT_TIMEOUT);
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
