package com.fitplatform.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A plain HTTP client for the running gateway: raw bodies and headers, nothing hidden. */
public final class GatewayClient {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;

    GatewayClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public Request get(String path) {
        return new Request("GET", path, (String) null);
    }

    public Request post(String path, String body) {
        return new Request("POST", path, body).header("Content-Type", "application/json");
    }

    public Request request(String method, String path, String body) {
        return new Request(method, path, body);
    }

    /** One request being built. */
    public final class Request {
        private final String method;
        private final String path;
        private final byte[] body;
        private final Map<String, String> headers = new LinkedHashMap<>();

        Request(String method, String path, String body) {
            this.method = method;
            this.path = path;
            this.body = body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Request bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        public Response send() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(builder::header);
            try {
                HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                return new Response(response);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A response with its JSON body parsed on demand. */
    public record Response(HttpResponse<String> raw) {
        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        public JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + raw.body(), e);
            }
        }

        @Override
        public String toString() {
            return raw.statusCode() + " " + raw.body();
        }
    }
}
