package com.fitplatform.gateway.payments.sberbank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.payments.FormParameters;
import com.fitplatform.gateway.payments.GatewayDeclined;
import com.fitplatform.gateway.payments.Money;
import com.fitplatform.gateway.payments.PaymentGateway;
import com.fitplatform.gateway.payments.PaymentsProperties;
import com.fitplatform.gateway.payments.ProviderEndpoints;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Sberbank acquiring (RBS) through Camel's HTTP component: form-encoded register.do and getOrderStatusExtended.do with
 * userName/password in the body, amounts in kopecks, numeric currency (643). RBS has no
 * idempotency header: the attempt's unique orderNumber is its idempotency key (a second
 * register with it is refused by the bank).
 */
@Component
public class SberbankGateway implements PaymentGateway {

    private final PaymentsProperties.Sberbank sberbank;
    private final String returnUrl;
    private final ProviderEndpoints http;
    private final ObjectMapper json;

    public SberbankGateway(PaymentsProperties properties, ProviderEndpoints http, ObjectMapper json) {
        this.sberbank = properties.gateways().sberbank();
        this.returnUrl = properties.returnUrl();
        this.http = http;
        this.json = json;
    }

    @Override
    public String name() {
        return "sberbank";
    }

    @Override
    public Created create(AttemptRequest attempt) throws Exception {
        Map<String, String> form = credentials();
        form.put("orderNumber", String.valueOf(attempt.orderNo()));
        form.put("amount", String.valueOf(attempt.amountMinor()));
        form.put("currency", Money.numericCode(attempt.currency()));
        form.put("returnUrl", returnUrl + "?result=success");
        form.put("failUrl", returnUrl + "?result=fail");
        form.put("description", "Subscription " + attempt.plan());
        form.put(
                "jsonParams",
                json.writeValueAsString(
                        Map.of("attempt_id", attempt.attemptId(), "subscription_id", attempt.subscriptionId())));
        JsonNode answer = call("/register.do", form);
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("type", "redirect");
        action.put("formUrl", answer.path("formUrl").asText());
        return new Created(answer.path("orderId").asText(), action);
    }

    @Override
    public ProviderPayment status(AttemptRequest attempt) throws Exception {
        Map<String, String> form = credentials();
        form.put("orderId", attempt.providerRef());
        JsonNode answer = call("/getOrderStatusExtended.do", form);
        int status = answer.path("orderStatus").asInt(-1);
        Outcome outcome =
                switch (status) {
                    case 2 -> Outcome.SUCCEEDED;
                    case 3, 6 -> Outcome.DECLINED;
                    default -> Outcome.PENDING;
                };
        String currency = answer.path("currency").isMissingNode()
                ? null
                : Currency.getAvailableCurrencies().stream()
                        .filter(c ->
                                c.getNumericCode() == answer.path("currency").asInt())
                        .map(Currency::getCurrencyCode)
                        .findFirst()
                        .orElse(null);
        return new ProviderPayment(
                attempt.providerRef(),
                outcome,
                answer.path("amount").isNumber() ? answer.path("amount").asLong() : null,
                currency,
                "orderStatus " + status + " actionCode "
                        + answer.path("actionCode").asText(""));
    }

    private Map<String, String> credentials() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("userName", sberbank.userName());
        form.put("password", sberbank.password());
        return form;
    }

    private JsonNode call(String path, Map<String, String> form) throws Exception {
        ProviderEndpoints.Answer response = http.post(
                "sberbank",
                sberbank.baseUrl(),
                path,
                "application/x-www-form-urlencoded; charset=UTF-8",
                FormParameters.encode(form),
                Map.of("Accept", "application/json"));
        if (response.status() >= 400) {
            throw new GatewayDeclined("http_" + response.status(), "Sberbank answered " + response.status());
        }
        JsonNode answer = json.readTree(response.text());
        String code = answer.path("errorCode").asText("0");
        if (!code.isEmpty() && !code.equals("0")) {
            if (code.equals("7")) {
                // 7 is the bank's own "system error": an outage, not an answer about this payment.
                throw new ProviderEndpoints.ProviderUnavailable("Sberbank system error");
            }
            throw new GatewayDeclined(
                    "sberbank_" + code,
                    "Sberbank refused: " + answer.path("errorMessage").asText(""));
        }
        return answer;
    }
}
