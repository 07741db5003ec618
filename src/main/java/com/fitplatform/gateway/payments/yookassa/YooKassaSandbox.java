package com.fitplatform.gateway.payments.yookassa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.sandbox.SandboxFake;
import com.fitplatform.gateway.common.sandbox.SandboxFaults;
import com.fitplatform.gateway.payments.PaymentsProperties;
import com.fitplatform.gateway.payments.SandboxWebhookSender;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Fake YooKassa v3: Basic shopId:secretKey, Idempotence-Key required on POST (replayed, or 400
 * "Idempotence key duplicated" for other data), decimal string amounts, and
 * {@code POST /sandbox/yookassa/_simulate/{id}?outcome=succeeded|canceled} which settles the
 * payment and notifies the gateway (from loopback, an allowed source in the sandbox).
 */
@SandboxFake
public class YooKassaSandbox {

    private final SandboxFaults faults;
    private final PaymentsProperties.YooKassa yookassa;
    private final SandboxWebhookSender sender;
    private final ObjectMapper json;
    private final Map<String, Map<String, Object>> payments = new ConcurrentHashMap<>();
    private final Map<String, Map.Entry<JsonNode, String>> keys = new ConcurrentHashMap<>();

    public YooKassaSandbox(
            SandboxFaults faults, PaymentsProperties properties, SandboxWebhookSender sender, ObjectMapper json) {
        this.faults = faults;
        this.yookassa = properties.gateways().yookassa();
        this.sender = sender;
        this.json = json;
    }

    @PostMapping(path = "/sandbox/yookassa/v3/payments", consumes = "application/json")
    public ResponseEntity<Object> create(
            @RequestHeader(name = "Authorization", required = false) String authorization,
            @RequestHeader(name = "Idempotence-Key", required = false) String key,
            @RequestBody String body)
            throws Exception {
        faults.apply("yookassa");
        if (!authorised(authorization)) {
            return error(401, "invalid_credentials", "Authentication by given credentials failed");
        }
        if (key == null || key.isBlank() || key.length() > 64) {
            return error(400, "invalid_request", "Idempotence-Key header is required");
        }
        JsonNode request = json.readTree(body);
        Map.Entry<JsonNode, String> seen = keys.get(key);
        if (seen != null) {
            if (!seen.getKey().equals(request)) {
                return error(400, "invalid_request", "Idempotence key duplicated");
            }
            return ResponseEntity.ok(payments.get(seen.getValue()));
        }
        String value = request.path("amount").path("value").asText("");
        String currency = request.path("amount").path("currency").asText("");
        if (!value.matches("[0-9]+\\.[0-9]{2}") || !currency.matches("[A-Z]{3}")) {
            return error(400, "invalid_request", "amount.value must be a decimal string such as 100.00");
        }
        if (!"redirect".equals(request.path("confirmation").path("type").asText())
                || request.path("confirmation").path("return_url").asText("").isEmpty()) {
            return error(400, "invalid_request", "confirmation.type redirect with return_url is required");
        }
        String id = UUID.randomUUID().toString();
        Map<String, Object> payment = new LinkedHashMap<>();
        payment.put("id", id);
        payment.put("status", "pending");
        payment.put("paid", false);
        payment.put("amount", Map.of("value", value, "currency", currency));
        payment.put(
                "confirmation",
                Map.of(
                        "type",
                        "redirect",
                        "confirmation_url",
                        "https://yoomoney.ru/checkout/payments/v2/contract?orderId=" + id));
        payment.put("created_at", Instant.now().toString());
        payment.put("description", request.path("description").asText(""));
        payment.put("metadata", json.convertValue(request.path("metadata"), Map.class));
        payment.put("recipient", Map.of("account_id", yookassa.shopId(), "gateway_id", "sandbox"));
        payment.put("test", true);
        payments.put(id, payment);
        keys.put(key, Map.entry(request, id));
        return ResponseEntity.ok(payment);
    }

    @GetMapping("/sandbox/yookassa/v3/payments/{id}")
    public ResponseEntity<Object> get(
            @RequestHeader(name = "Authorization", required = false) String authorization, @PathVariable String id) {
        faults.apply("yookassa");
        if (!authorised(authorization)) {
            return error(401, "invalid_credentials", "Authentication by given credentials failed");
        }
        Map<String, Object> payment = payments.get(id);
        return payment == null ? error(404, "not_found", "Payment not found") : ResponseEntity.ok(payment);
    }

    @PostMapping("/sandbox/yookassa/_simulate/{id}")
    public ResponseEntity<Object> simulate(
            @PathVariable String id, @RequestParam(defaultValue = "succeeded") String outcome) {
        Map<String, Object> payment = payments.get(id);
        if (payment == null) {
            return error(404, "not_found", "Payment not found");
        }
        boolean succeeded = outcome.equals("succeeded");
        payment.put("status", succeeded ? "succeeded" : "canceled");
        payment.put("paid", succeeded);
        if (!succeeded) {
            payment.put("cancellation_details", Map.of("party", "payment_network", "reason", "insufficient_funds"));
        }
        Map<String, Object> notification = new LinkedHashMap<>();
        notification.put("type", "notification");
        notification.put("event", succeeded ? "payment.succeeded" : "payment.canceled");
        notification.put("object", payment);
        int status = sender.post("/webhooks/yookassa", "application/json", sender.json(notification), Map.of());
        return ResponseEntity.ok(Map.of("event", notification.get("event"), "gatewayStatus", status));
    }

    private boolean authorised(String authorization) {
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                (yookassa.shopId() + ":" + yookassa.secretKey()).getBytes(StandardCharsets.UTF_8));
        return expected.equals(authorization);
    }

    private static ResponseEntity<Object> error(int status, String code, String description) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "error");
        error.put("id", UUID.randomUUID().toString());
        error.put("code", code);
        error.put("description", description);
        return ResponseEntity.status(status).body(error);
    }
}
