package com.fitplatform.gateway.payments.sberbank;

import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.payments.FormParameters;
import com.fitplatform.gateway.payments.PaymentRecords;
import com.fitplatform.gateway.payments.PaymentsProperties;
import com.fitplatform.gateway.payments.WebhookInbox;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** GET|POST /webhooks/sberbank: the callback, verified by its checksum, recorded once. */
@Component("sberbankWebhook")
public class SberbankWebhook {

    private final PaymentsProperties.Sberbank sberbank;
    private final WebhookInbox inbox;
    private final PaymentRecords records;

    public SberbankWebhook(PaymentsProperties properties, WebhookInbox inbox, PaymentRecords records) {
        this.sberbank = properties.gateways().sberbank();
        this.inbox = inbox;
        this.records = records;
    }

    public String ingest(String body, Exchange exchange) {
        Map<String, String> callback = FormParameters.of(exchange, body, SberbankWebhook::callbackParameter);
        String mdOrder = callback.get("mdOrder");
        String operation = callback.get("operation");
        String status = callback.get("status");
        if (mdOrder == null || operation == null || status == null) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "mdOrder, operation and status are required");
        }
        if (callback.get("checksum") == null || !SberbankChecksum.valid(sberbank.callbackToken(), callback)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Sberbank checksum refused");
        }
        String outcome;
        if (status.equals("0") || operation.equals("declinedByTimeout")) {
            outcome = "declined";
        } else if (operation.equals("deposited")) {
            outcome = "succeeded";
        } else {
            // approved (held), reversed, refunded: nothing the subscription saga changes on.
            return "OK";
        }
        Long amount;
        try {
            amount = callback.containsKey("amount") ? Long.parseLong(callback.get("amount")) : null;
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "amount is in kopecks");
        }
        inbox.record(
                new WebhookInbox.ProviderEvent(
                        "sberbank",
                        mdOrder + ":" + operation + ":" + status,
                        operation,
                        records.attemptByRef("sberbank", mdOrder),
                        outcome,
                        amount,
                        null,
                        operation + " status " + status),
                exchange);
        return "OK";
    }

    /** Names the bank sends in a callback (used only when platform-http left them as headers). */
    static boolean callbackParameter(String name) {
        return java.util.Set.of(
                        "mdOrder",
                        "orderNumber",
                        "operation",
                        "status",
                        "amount",
                        "checksum",
                        "sign_alias",
                        "callbackCreationDate")
                .contains(name);
    }
}
