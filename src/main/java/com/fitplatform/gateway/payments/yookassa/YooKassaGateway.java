package com.fitplatform.gateway.payments.yookassa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.payments.GatewayDeclined;
import com.fitplatform.gateway.payments.Money;
import com.fitplatform.gateway.payments.PaymentGateway;
import com.fitplatform.gateway.payments.PaymentsProperties;
import com.fitplatform.gateway.payments.ProviderEndpoints;
import com.fitplatform.gateway.payments.ProviderEndpoints.Answer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * YooKassa API v3 through Camel's HTTP component: Basic shopId:secretKey, JSON, decimal string
 * amounts, the attempt's Idempotence-Key on POST (so a retried create returns the same payment).
 */
@Component
public class YooKassaGateway implements PaymentGateway {

    private final PaymentsProperties.YooKassa yookassa;
    private final String returnUrl;
    private final ProviderEndpoints http;
    private final ObjectMapper json;

    public YooKassaGateway(PaymentsProperties properties, ProviderEndpoints http, ObjectMapper json) {
        this.yookassa = properties.gateways().yookassa();
        this.returnUrl = properties.returnUrl();
        this.http = http;
        this.json = json;
    }

    @Override
    public String name() {
        return "yookassa";
    }

    @Override
    public Created create(AttemptRequest attempt) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", amount(attempt));
        body.put("capture", true);
        body.put("confirmation", Map.of("type", "redirect", "return_url", returnUrl));
        body.put(
                "description",
                ("Subscription " + attempt.plan())
                        .substring(0, Math.min(128, 13 + attempt.plan().length())));
        body.put("metadata", Map.of("attempt_id", attempt.attemptId(), "subscription_id", attempt.subscriptionId()));
        Map<String, String> headers = headers();
        headers.put("Idempotence-Key", attempt.idempotencyKey());
        JsonNode payment = answer(http.post(
                "yookassa",
                yookassa.baseUrl(),
                "/payments",
                "application/json; charset=UTF-8",
                json.writeValueAsString(body),
                headers));
        if ("canceled".equals(payment.path("status").asText())) {
            throw new GatewayDeclined(
                    payment.path("cancellation_details").path("reason").asText("canceled"), "YooKassa canceled it");
        }
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("type", "redirect");
        action.put(
                "confirmationUrl",
                payment.path("confirmation").path("confirmation_url").asText());
        return new Created(payment.path("id").asText(), action);
    }

    @Override
    public ProviderPayment status(AttemptRequest attempt) throws Exception {
        JsonNode payment =
                answer(http.get("yookassa", yookassa.baseUrl(), "/payments/" + attempt.providerRef(), headers()));
        String status = payment.path("status").asText();
        Outcome outcome =
                switch (status) {
                    case "succeeded" -> payment.path("paid").asBoolean(true) ? Outcome.SUCCEEDED : Outcome.PENDING;
                    case "canceled" -> Outcome.DECLINED;
                    default -> Outcome.PENDING;
                };
        String currency = payment.path("amount").path("currency").asText();
        return new ProviderPayment(
                payment.path("id").asText(),
                outcome,
                Money.toMinor(payment.path("amount").path("value").asText(), currency),
                currency,
                status + " "
                        + payment.path("cancellation_details").path("reason").asText(""));
    }

    private static Map<String, String> amount(AttemptRequest attempt) {
        return Map.of(
                "value", Money.toDecimal(attempt.amountMinor(), attempt.currency()), "currency", attempt.currency());
    }

    private Map<String, String> headers() {
        String credentials = yookassa.shopId() + ":" + yookassa.secretKey();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        headers.put("Accept", "application/json");
        return headers;
    }

    private JsonNode answer(Answer response) throws Exception {
        if (response.status() == 202) {
            // "Still processing, ask again later" with the same Idempotence-Key: a retry, not a decline.
            throw new ProviderEndpoints.ProviderUnavailable("YooKassa is still processing (202)");
        }
        JsonNode body = json.readTree(response.text());
        if (response.status() >= 400) {
            throw new GatewayDeclined(
                    body.path("code").asText("http_" + response.status()),
                    "YooKassa answered " + response.status() + ": "
                            + body.path("description").asText(""));
        }
        return body;
    }
}
