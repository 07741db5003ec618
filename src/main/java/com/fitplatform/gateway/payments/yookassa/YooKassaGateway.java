package com.fitplatform.gateway.payments.yookassa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.resilience.ResiliencePolicies;
import com.fitplatform.gateway.payments.GatewayDeclined;
import com.fitplatform.gateway.payments.Money;
import com.fitplatform.gateway.payments.PaymentGateway;
import com.fitplatform.gateway.payments.PaymentsProperties;
import com.fitplatform.gateway.payments.ProviderHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** YooKassa API v3: Basic shopId:secretKey, JSON, decimal string amounts, Idempotence-Key on POST. */
@Component
public class YooKassaGateway implements PaymentGateway {

    private final PaymentsProperties.YooKassa yookassa;
    private final String returnUrl;
    private final ProviderHttp http;
    private final ObjectMapper json;
    private final Duration timeout;

    public YooKassaGateway(
            PaymentsProperties properties, ProviderHttp http, ObjectMapper json, ResiliencePolicies policies) {
        this.yookassa = properties.gateways().yookassa();
        this.returnUrl = properties.returnUrl();
        this.http = http;
        this.json = json;
        this.timeout = policies.policy("yookassa").timeout();
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
        HttpResponse<String> response = http.send(
                request("/payments")
                        .header("Idempotence-Key", attempt.idempotencyKey())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))),
                "yookassa");
        JsonNode payment = answer(response);
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
                answer(http.send(request("/payments/" + attempt.providerRef()).GET(), "yookassa"));
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

    private HttpRequest.Builder request(String path) {
        String credentials = yookassa.shopId() + ":" + yookassa.secretKey();
        return HttpRequest.newBuilder(URI.create(yookassa.baseUrl() + path))
                .timeout(timeout)
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json");
    }

    private JsonNode answer(HttpResponse<String> response) throws Exception {
        if (response.statusCode() == 202) {
            // "Still processing, ask again later" with the same Idempotence-Key: a retry, not a decline.
            throw new ProviderHttp.ProviderUnavailable("YooKassa is still processing (202)");
        }
        JsonNode body = json.readTree(response.body());
        if (response.statusCode() >= 400) {
            throw new GatewayDeclined(
                    body.path("code").asText("http_" + response.statusCode()),
                    "YooKassa answered " + response.statusCode() + ": "
                            + body.path("description").asText(""));
        }
        return body;
    }
}
