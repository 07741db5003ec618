package com.fitplatform.gateway.payments.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.resilience.ResilientCalls;
import com.fitplatform.gateway.common.resilience.ResilientCalls.Call;
import com.fitplatform.gateway.payments.GatewayDeclined;
import com.fitplatform.gateway.payments.PaymentsProperties;
import com.fitplatform.gateway.payments.ProviderEndpoints;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Retry notifications through the email service: {@code POST /v1/messages} (Camel's HTTP component) with a Bearer key and
 * an Idempotency-Key stable per declined attempt, under the email policy (10 s, breaker).
 */
@Component("emailNotifications")
public class EmailNotifications {

    private static final Logger log = LoggerFactory.getLogger(EmailNotifications.class);

    private final PaymentsProperties.Email email;
    private final ResilientCalls calls;
    private final ProviderEndpoints http;
    private final ObjectMapper json;

    public EmailNotifications(
            PaymentsProperties properties, ResilientCalls calls, ProviderEndpoints http, ObjectMapper json) {
        this.email = properties.email();
        this.calls = calls;
        this.http = http;
        this.json = json;
    }

    public void send(String message) throws Exception {
        JsonNode notice = json.readTree(message);
        String key = notice.path("idempotencyKey").asText();
        if (notice.path("userId").isNull() || notice.path("userId").asText("").isEmpty()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("to", Map.of("userId", notice.path("userId").asText()));
        body.put("template", notice.path("template").asText());
        body.put(
                "data",
                Map.of(
                        "subscriptionId", notice.path("subscriptionId").asText(),
                        "retryAt", notice.path("retryAt").asText()));
        String payload = json.writeValueAsString(body);
        try {
            calls.call(Call.withIdempotencyKey("email", "send-payment-retry", key), () -> {
                ProviderEndpoints.Answer response = http.post(
                        "email",
                        email.baseUrl(),
                        "/v1/messages",
                        "application/json; charset=UTF-8",
                        payload,
                        Map.of("Authorization", "Bearer " + email.apiKey(), "Idempotency-Key", key));
                if (response.status() >= 400) {
                    throw new GatewayDeclined("http_" + response.status(), "The email service refused the message");
                }
                return response.status();
            });
        } catch (GatewayDeclined refused) {
            // The service answered no: resending the same message cannot help.
            log.warn("Retry notice {} refused by the email service: {}", key, refused.getMessage());
        }
    }
}
