package com.fitplatform.gateway.payments;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/** How the sandbox fakes call the gateway's webhook endpoints, over real HTTP as a provider would. */
@Component
public class SandboxWebhookSender {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PaymentsProperties properties;
    private final ObjectMapper json;

    public SandboxWebhookSender(PaymentsProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
    }

    public String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** POSTs to the gateway; answers the HTTP status it got. */
    public int post(String path, String contentType, String body, Map<String, String> headers) {
        return send("POST", path, contentType, body, headers).statusCode();
    }

    public HttpResponse<String> send(
            String method, String path, String contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(properties.webhookBaseUrl() + path))
                .timeout(Duration.ofSeconds(30));
        if (body != null) {
            request.header("Content-Type", contentType);
            request.method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("The gateway did not take the webhook: " + e.getMessage(), e);
        }
    }
}
