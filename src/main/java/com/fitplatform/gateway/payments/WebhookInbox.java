package com.fitplatform.gateway.payments;

import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.payments.PaymentRecords.Attempt;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records a verified provider event once (unique provider + event id) before the provider gets
 * its acknowledgement, and asks the route to queue it for the saga. A duplicate of an event not
 * yet applied is queued again (applying is idempotent); an applied one is only acknowledged.
 */
@Component("webhookInbox")
public class WebhookInbox {

    /** A verified event, normalised; amount in minor units where the provider sent one. */
    public record ProviderEvent(
            String provider,
            String eventId,
            String eventType,
            Optional<Attempt> attempt,
            String outcome,
            Long amountMinor,
            String currency,
            String detail) {}

    /** What happened to an event at the door. */
    public enum Recorded {
        QUEUED,
        DUPLICATE,
        IGNORED
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final PaymentRecords records;
    private final PaymentQueues queues;

    public WebhookInbox(JdbcTemplate jdbc, TransactionTemplate tx, PaymentRecords records, PaymentQueues queues) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.records = records;
        this.queues = queues;
    }

    public Recorded record(ProviderEvent event, Exchange exchange) {
        Attempt attempt = event.attempt().orElse(null);
        boolean mismatch = attempt != null && PaymentSaga.mismatch(attempt, event.amountMinor(), event.currency());
        String state = attempt == null ? "ignored" : mismatch ? "flagged" : "received";
        UUID id = UUID.randomUUID();
        Map<String, Object> row = tx.execute(status -> {
            List<UUID> inserted = jdbc.queryForList(
                    "insert into payment_webhook (id, provider, event_id, event_type, attempt_id, outcome, amount_minor,"
                            + " currency, detail, state, note) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                            + " on conflict (provider, event_id) do nothing returning id",
                    UUID.class,
                    id,
                    event.provider(),
                    cut(event.eventId(), 300),
                    cut(event.eventType(), 100),
                    attempt == null ? null : attempt.id(),
                    event.outcome(),
                    event.amountMinor(),
                    event.currency() == null ? null : event.currency().toUpperCase(),
                    cut(event.detail(), 500),
                    state,
                    attempt == null
                            ? "unknown payment"
                            : mismatch ? "amount or currency differs from the attempt" : null);
            if (!inserted.isEmpty() && mismatch) {
                records.history(
                        attempt.subscriptionId(),
                        attempt.id(),
                        "flagged-for-review",
                        event.provider() + " " + event.eventType() + ": amount or currency differs");
            }
            return jdbc.queryForMap(
                    "select id, state from payment_webhook where provider = ? and event_id = ?",
                    event.provider(),
                    cut(event.eventId(), 300));
        });
        String now = (String) row.get("state");
        if ("flagged".equals(now)) {
            throw new ProblemException(
                    ProblemType.UNPROCESSABLE, "The amount or currency does not match the payment; flagged for review");
        }
        if ("received".equals(now)) {
            SagaCommand.attach(
                    exchange,
                    List.of(new SagaCommand(
                            queues.paymentWebhooks(),
                            "{\"webhookId\":\"" + row.get("id") + "\"}",
                            System.currentTimeMillis())));
            return id.equals(row.get("id")) ? Recorded.QUEUED : Recorded.DUPLICATE;
        }
        return "ignored".equals(now) ? Recorded.IGNORED : Recorded.DUPLICATE;
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
