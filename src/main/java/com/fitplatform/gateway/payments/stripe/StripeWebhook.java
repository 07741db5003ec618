package com.fitplatform.gateway.payments.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.payments.PaymentRecords;
import com.fitplatform.gateway.payments.PaymentsProperties;
import com.fitplatform.gateway.payments.WebhookInbox;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/** POST /webhooks/stripe: verify Stripe-Signature on the raw body, record the event once. */
@Component("stripeWebhook")
public class StripeWebhook {

    private final PaymentsProperties.Stripe stripe;
    private final WebhookInbox inbox;
    private final PaymentRecords records;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    public StripeWebhook(PaymentsProperties properties, WebhookInbox inbox, PaymentRecords records, ObjectMapper json) {
        this.stripe = properties.gateways().stripe();
        this.inbox = inbox;
        this.records = records;
        this.json = json;
    }

    public Map<String, Object> ingest(String body, @Header("Stripe-Signature") String signature, Exchange exchange) {
        String refusal = StripeSignature.refusal(
                signature,
                body == null ? "" : body,
                stripe.webhookSecret(),
                stripe.webhookTolerance(),
                clock.instant());
        if (refusal != null) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "Stripe signature refused: " + refusal);
        }
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (Exception e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The event is not valid JSON");
        }
        String type = event.path("type").asText("");
        String outcome =
                switch (type) {
                    case "payment_intent.succeeded" -> "succeeded";
                    case "payment_intent.payment_failed", "payment_intent.canceled" -> "declined";
                    default -> null;
                };
        if (!event.path("id").isTextual() || outcome == null) {
            // Signed, but nothing the saga acts on: acknowledged so Stripe stops sending it.
            return Map.of("received", true, "handled", false);
        }
        JsonNode intent = event.path("data").path("object");
        String intentId = intent.path("id").asText("");
        JsonNode error = intent.path("last_payment_error");
        String detail = error.isObject()
                ? error.path("code").asText("") + " "
                        + error.path("decline_code").asText("")
                : intent.path("status").asText("");
        WebhookInbox.Recorded recorded = inbox.record(
                new WebhookInbox.ProviderEvent(
                        "stripe",
                        event.path("id").asText(),
                        type,
                        intentId.isEmpty() ? Optional.empty() : records.attemptByRef("stripe", intentId),
                        outcome,
                        intent.path("amount").isIntegralNumber()
                                ? intent.path("amount").asLong()
                                : null,
                        intent.path("currency").isTextual()
                                ? intent.path("currency").asText()
                                : null,
                        detail.trim()),
                exchange);
        return Map.of("received", true, "recorded", recorded.name().toLowerCase());
    }
}
