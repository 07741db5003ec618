package com.fitplatform.gateway.payments.webmoney;

import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.payments.FormParameters;
import com.fitplatform.gateway.payments.Money;
import com.fitplatform.gateway.payments.PaymentRecords;
import com.fitplatform.gateway.payments.PaymentRecords.Attempt;
import com.fitplatform.gateway.payments.PaymentsProperties;
import com.fitplatform.gateway.payments.WebhookInbox;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * POST /webhooks/webmoney: the pre-request (LMI_PREREQUEST=1) is answered exactly {@code YES}
 * after checking purse, amount and payment number; the result notification is verified by
 * LMI_HASH (and LMI_HASH2), purse, amount and payment number, then recorded once.
 */
@Component("webMoneyWebhook")
public class WebMoneyWebhook {

    private final PaymentsProperties.WebMoney webmoney;
    private final WebhookInbox inbox;
    private final PaymentRecords records;

    public WebMoneyWebhook(PaymentsProperties properties, WebhookInbox inbox, PaymentRecords records) {
        this.webmoney = properties.gateways().webmoney();
        this.inbox = inbox;
        this.records = records;
    }

    public String ingest(String body, Exchange exchange) {
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain;charset=UTF-8");
        Map<String, String> form = FormParameters.of(exchange, body, name -> name.startsWith("LMI_"));
        Optional<Attempt> attempt = attempt(form);
        if ("1".equals(form.get("LMI_PREREQUEST"))) {
            String refusal = refusal(form, attempt);
            if (refusal == null && !attempt.get().state().equals("pending")) {
                refusal = "payment is not awaiting payment";
            }
            // Anything but exactly YES makes WebMoney refuse the payment, showing our text.
            return refusal == null ? "YES" : "NO: " + refusal;
        }
        if (form.get("LMI_HASH") == null || !WebMoneyHash.valid(webmoney.hashMethod(), form, webmoney.secretKey())) {
            throw new ProblemException(ProblemType.FORBIDDEN, "WebMoney LMI_HASH refused");
        }
        if (!webmoney.purse().equals(form.get("LMI_PAYEE_PURSE"))) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "Not our purse");
        }
        String currency = WebMoneyGateway.currencyOfPurse(webmoney.purse());
        Long amount;
        try {
            amount = Money.toMinor(form.getOrDefault("LMI_PAYMENT_AMOUNT", ""), currency);
        } catch (RuntimeException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "LMI_PAYMENT_AMOUNT is not an amount");
        }
        String transaction = form.getOrDefault("LMI_SYS_TRANS_NO", "");
        inbox.record(
                new WebhookInbox.ProviderEvent(
                        "webmoney",
                        form.get("LMI_PAYMENT_NO") + ":" + transaction,
                        "result",
                        attempt,
                        "succeeded",
                        amount,
                        currency,
                        "invoice " + form.getOrDefault("LMI_SYS_INVS_NO", "") + " mode "
                                + form.getOrDefault("LMI_MODE", "")),
                exchange);
        return "OK";
    }

    private Optional<Attempt> attempt(Map<String, String> form) {
        try {
            return records.attemptByOrderNo("webmoney", Long.parseLong(form.getOrDefault("LMI_PAYMENT_NO", "")));
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "LMI_PAYMENT_NO is an integer");
        }
    }

    private String refusal(Map<String, String> form, Optional<Attempt> attempt) {
        if (attempt.isEmpty()) {
            return "unknown payment number";
        }
        if (!webmoney.purse().equals(form.get("LMI_PAYEE_PURSE"))) {
            return "wrong purse";
        }
        try {
            long amount = Money.toMinor(
                    form.getOrDefault("LMI_PAYMENT_AMOUNT", ""), attempt.get().currency());
            return amount == attempt.get().amountMinor() ? null : "wrong amount";
        } catch (RuntimeException e) {
            return "wrong amount";
        }
    }
}
