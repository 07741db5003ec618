package com.fitplatform.gateway.payments.webmoney;

import com.fitplatform.gateway.payments.GatewayDeclined;
import com.fitplatform.gateway.payments.Money;
import com.fitplatform.gateway.payments.PaymentGateway;
import com.fitplatform.gateway.payments.PaymentsProperties;
import com.fitplatform.gateway.payments.ProviderEndpoints;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * WebMoney Merchant: no API call to create a payment; the payer's browser posts the form the
 * gateway gives (LMI_* fields) to WebMoney. The payment number (LMI_PAYMENT_NO) is the attempt's
 * order number. The purse's letter fixes the currency (P/R RUB, Z USD, E EUR). The status of a
 * payment is asked by payment number through interface X18 ({@link X18Messages}), over Camel's
 * HTTP component.
 */
@Component
public class WebMoneyGateway implements PaymentGateway {

    private final PaymentsProperties.WebMoney webmoney;
    private final String returnUrl;
    private final String resultUrl;
    private final ProviderEndpoints http;

    public WebMoneyGateway(PaymentsProperties properties, ProviderEndpoints http) {
        this.webmoney = properties.gateways().webmoney();
        this.returnUrl = properties.returnUrl();
        this.resultUrl = properties.webhookBaseUrl() + "/webhooks/webmoney";
        this.http = http;
    }

    @Override
    public String name() {
        return "webmoney";
    }

    public static String currencyOfPurse(String purse) {
        return switch (purse.isEmpty() ? ' ' : Character.toUpperCase(purse.charAt(0))) {
            case 'P', 'R' -> "RUB";
            case 'Z' -> "USD";
            case 'E' -> "EUR";
            default -> "";
        };
    }

    @Override
    public Created create(AttemptRequest attempt) {
        if (!currencyOfPurse(webmoney.purse()).equals(attempt.currency())) {
            throw new GatewayDeclined(
                    "currency_not_supported", "The WebMoney purse does not take " + attempt.currency());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("LMI_PAYEE_PURSE", webmoney.purse());
        fields.put("LMI_PAYMENT_AMOUNT", Money.toDecimal(attempt.amountMinor(), attempt.currency()));
        fields.put("LMI_PAYMENT_NO", String.valueOf(attempt.orderNo()));
        fields.put(
                "LMI_PAYMENT_DESC_BASE64",
                Base64.getEncoder()
                        .encodeToString(("Subscription " + attempt.plan()).getBytes(StandardCharsets.UTF_8)));
        fields.put("LMI_RESULT_URL", resultUrl);
        fields.put("LMI_SUCCESS_URL", returnUrl + "?result=success");
        fields.put("LMI_FAIL_URL", returnUrl + "?result=fail");
        fields.put("LMI_SIM_MODE", webmoney.simMode());
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("type", "form_post");
        action.put("formUrl", webmoney.formUrl());
        action.put("method", "POST");
        action.put("fields", fields);
        return new Created(String.valueOf(attempt.orderNo()), action);
    }

    /**
     * X18 by LMI_PAYMENT_NO: made (retval 0, with the amount paid) or not made yet (-8, pending: the
     * payer may still pay, and WebMoney never reports an abandoned form). Any other retval is WebMoney
     * refusing the query itself (credentials, purse), which no retry fixes.
     */
    @Override
    public ProviderPayment status(AttemptRequest attempt) throws Exception {
        String paymentNo = String.valueOf(attempt.orderNo());
        ProviderEndpoints.Answer response = http.post(
                "webmoney",
                webmoney.statusUrl(),
                "",
                "text/xml; charset=UTF-8",
                X18Messages.request(webmoney.wmid(), webmoney.purse(), paymentNo, webmoney.secretKey()),
                Map.of("Accept", "text/xml"));
        if (response.status() >= 400) {
            throw new GatewayDeclined("http_" + response.status(), "WebMoney X18 answered " + response.status());
        }
        X18Messages.Answer answer = X18Messages.answer(response.body());
        String currency = currencyOfPurse(webmoney.purse());
        return switch (answer.retval()) {
            case X18Messages.PAID -> new ProviderPayment(
                    paymentNo,
                    Outcome.SUCCEEDED,
                    Money.toMinor(answer.operation().getOrDefault("amount", ""), currency),
                    currency,
                    "X18 paid, transaction " + answer.operation().getOrDefault("wmtransid", ""));
            case X18Messages.NOT_PAID -> new ProviderPayment(paymentNo, Outcome.PENDING, null, null, "X18 not paid");
            default -> throw new GatewayDeclined(
                    "webmoney_x18_" + answer.retval(), "WebMoney refused the X18 query: " + answer.retdesc());
        };
    }
}
