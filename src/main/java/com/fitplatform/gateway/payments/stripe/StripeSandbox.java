package com.fitplatform.gateway.payments.stripe;

import com.fitplatform.gateway.common.sandbox.SandboxFake;
import com.fitplatform.gateway.common.sandbox.SandboxFaults;
import com.fitplatform.gateway.payments.PaymentsProperties;
import com.fitplatform.gateway.payments.SandboxWebhookSender;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Fake Stripe: PaymentIntents create/retrieve with Bearer secret keys, form bodies and
 * idempotency keys (replayed, or idempotency_error for other parameters), and
 * {@code POST /sandbox/stripe/_simulate/{id}?outcome=succeeded|declined} which settles the intent
 * and sends the gateway a correctly signed event.
 */
@SandboxFake
public class StripeSandbox {

    private final SandboxFaults faults;
    private final PaymentsProperties.Stripe stripe;
    private final SandboxWebhookSender sender;
    private final Map<String, Map<String, Object>> intents = new ConcurrentHashMap<>();
    private final Map<String, Replay> keys = new ConcurrentHashMap<>();

    private record Replay(Map<String, String> params, String intentId) {}

    public StripeSandbox(SandboxFaults faults, PaymentsProperties properties, SandboxWebhookSender sender) {
        this.faults = faults;
        this.stripe = properties.gateways().stripe();
        this.sender = sender;
    }

    @PostMapping(path = "/sandbox/stripe/v1/payment_intents", consumes = "application/x-www-form-urlencoded")
    public ResponseEntity<Map<String, Object>> create(
            @RequestHeader(name = "Authorization", required = false) String authorization,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestParam MultiValueMap<String, String> form) {
        faults.apply("stripe");
        ResponseEntity<Map<String, Object>> refused = authenticate(authorization);
        if (refused != null) {
            return refused;
        }
        if (key == null || key.isBlank() || key.length() > 255) {
            return error(400, "invalid_request_error", "parameter_missing", "The sandbox requires an Idempotency-Key");
        }
        Map<String, String> params = form.toSingleValueMap();
        Replay replay = keys.get(key);
        if (replay != null) {
            if (!replay.params().equals(params)) {
                return error(
                        400,
                        "idempotency_error",
                        null,
                        "Keys for idempotent requests can only be used with the same parameters they were first used with.");
            }
            return ResponseEntity.ok().header("Idempotent-Replayed", "true").body(intents.get(replay.intentId()));
        }
        String amount = params.get("amount");
        String currency = params.get("currency");
        if (amount == null || !amount.matches("[1-9][0-9]{0,11}")) {
            return error(400, "invalid_request_error", "parameter_invalid_integer", "Invalid integer: amount");
        }
        if (currency == null || !currency.matches("[a-z]{3}")) {
            return error(400, "invalid_request_error", "parameter_invalid_string", "Invalid currency");
        }
        String id = "pi_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("id", id);
        intent.put("object", "payment_intent");
        intent.put("amount", Long.parseLong(amount));
        intent.put("currency", currency);
        intent.put(
                "client_secret",
                id + "_secret_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        intent.put("status", "requires_payment_method");
        intent.put("livemode", false);
        intent.put("created", System.currentTimeMillis() / 1000);
        intent.put("description", params.get("description"));
        Map<String, String> metadata = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            if (name.startsWith("metadata[") && name.endsWith("]")) {
                metadata.put(name.substring(9, name.length() - 1), value);
            }
        });
        intent.put("metadata", metadata);
        intents.put(id, intent);
        keys.put(key, new Replay(params, id));
        return ResponseEntity.ok(intent);
    }

    @GetMapping("/sandbox/stripe/v1/payment_intents/{id}")
    public ResponseEntity<Map<String, Object>> retrieve(
            @RequestHeader(name = "Authorization", required = false) String authorization, @PathVariable String id) {
        faults.apply("stripe");
        ResponseEntity<Map<String, Object>> refused = authenticate(authorization);
        if (refused != null) {
            return refused;
        }
        Map<String, Object> intent = intents.get(id);
        if (intent == null) {
            return error(404, "invalid_request_error", "resource_missing", "No such payment_intent: '" + id + "'");
        }
        return ResponseEntity.ok(intent);
    }

    /** Settles an intent as the payer's client would and sends the gateway the signed event. */
    @PostMapping("/sandbox/stripe/_simulate/{id}")
    public ResponseEntity<Map<String, Object>> simulate(
            @PathVariable String id,
            @RequestParam(defaultValue = "succeeded") String outcome,
            @RequestParam(defaultValue = "true") boolean notify) {
        Map<String, Object> intent = intents.get(id);
        if (intent == null) {
            return error(404, "invalid_request_error", "resource_missing", "No such payment_intent: '" + id + "'");
        }
        boolean succeeded = outcome.equals("succeeded");
        synchronized (intent) {
            if (succeeded) {
                intent.put("status", "succeeded");
                intent.remove("last_payment_error");
            } else {
                intent.put("status", "requires_payment_method");
                intent.put(
                        "last_payment_error",
                        Map.of("type", "card_error", "code", "card_declined", "decline_code", "insufficient_funds"));
            }
        }
        if (!notify) {
            // A lost webhook: only a status query (reconciliation) can learn the outcome now.
            return ResponseEntity.ok(Map.of("status", intent.get("status"), "gatewayStatus", 0));
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
        event.put("object", "event");
        event.put("type", succeeded ? "payment_intent.succeeded" : "payment_intent.payment_failed");
        event.put("created", System.currentTimeMillis() / 1000);
        event.put("data", Map.of("object", intent));
        String body = sender.json(event);
        long t = System.currentTimeMillis() / 1000;
        int status = sender.post(
                "/webhooks/stripe",
                "application/json",
                body,
                Map.of("Stripe-Signature", StripeSignature.header(stripe.webhookSecret(), t, body)));
        return ResponseEntity.ok(Map.of("event", event.get("id"), "gatewayStatus", status));
    }

    private ResponseEntity<Map<String, Object>> authenticate(String authorization) {
        if (authorization == null
                || !authorization.startsWith("Bearer sk_test_")
                || !authorization.equals("Bearer " + stripe.apiKey())) {
            return error(401, "invalid_request_error", null, "Invalid API Key provided");
        }
        return null;
    }

    private static ResponseEntity<Map<String, Object>> error(int status, String type, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        if (code != null) {
            error.put("code", code);
        }
        error.put("message", message);
        return ResponseEntity.status(status).body(Map.of("error", error));
    }
}
