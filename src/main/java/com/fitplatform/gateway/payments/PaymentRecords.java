package com.fitplatform.gateway.payments;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads and writes the payment tables; callers own the transactions. */
@Component
public class PaymentRecords {

    /** A subscription row. */
    public record Subscription(
            UUID id,
            String userId,
            String plan,
            long amountMinor,
            String currency,
            String region,
            String preferredGateway,
            String state) {}

    /** A payment attempt row. */
    public record Attempt(
            UUID id,
            UUID subscriptionId,
            int attemptNo,
            UUID retryOf,
            String gateway,
            String state,
            long orderNo,
            String idempotencyKey,
            String providerRef,
            long amountMinor,
            String currency,
            String clientAction,
            int reconciles) {

        public PaymentGateway.AttemptRequest request(String plan) {
            return new PaymentGateway.AttemptRequest(
                    id.toString(),
                    orderNo,
                    idempotencyKey,
                    providerRef,
                    amountMinor,
                    currency,
                    plan,
                    subscriptionId.toString());
        }

        public boolean live() {
            return !state.equals("failed") && !state.equals("unknown") && !state.equals("declined");
        }
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public PaymentRecords(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<Subscription> subscription(UUID id, boolean lock) {
        return jdbc
                .query("select * from subscription where id = ?" + (lock ? " for update" : ""), this::sub, id)
                .stream()
                .findFirst();
    }

    public Optional<Subscription> subscriptionByRequest(String caller, String key) {
        return jdbc
                .query("select * from subscription where caller = ? and request_key = ?", this::sub, caller, key)
                .stream()
                .findFirst();
    }

    public Optional<Attempt> attempt(UUID id, boolean lock) {
        return jdbc
                .query("select * from payment_attempt where id = ?" + (lock ? " for update" : ""), this::att, id)
                .stream()
                .findFirst();
    }

    public Optional<Attempt> attemptByRef(String gateway, String providerRef) {
        return jdbc
                .query(
                        "select * from payment_attempt where gateway = ? and provider_ref = ?",
                        this::att,
                        gateway,
                        providerRef)
                .stream()
                .findFirst();
    }

    public Optional<Attempt> attemptByOrderNo(String gateway, long orderNo) {
        return jdbc
                .query("select * from payment_attempt where gateway = ? and order_no = ?", this::att, gateway, orderNo)
                .stream()
                .findFirst();
    }

    public List<Attempt> attempts(UUID subscriptionId) {
        return jdbc.query(
                "select * from payment_attempt where subscription_id = ? order by created_at, attempt_no",
                this::att,
                subscriptionId);
    }

    public Attempt insertAttempt(Subscription sub, int attemptNo, UUID retryOf, String gateway) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "insert into payment_attempt (id, subscription_id, attempt_no, retry_of, gateway, state,"
                        + " idempotency_key, amount_minor, currency) values (?, ?, ?, ?, ?, 'created', ?, ?, ?)",
                id,
                sub.id(),
                attemptNo,
                retryOf,
                gateway,
                id.toString(),
                sub.amountMinor(),
                sub.currency());
        history(sub.id(), id, "attempt-created", "attempt " + attemptNo + " at " + gateway);
        return attempt(id, false).orElseThrow();
    }

    public void attemptState(UUID id, String state, String failureCode) {
        jdbc.update(
                "update payment_attempt set state = ?, failure_code = coalesce(?, failure_code), updated_at = now()"
                        + " where id = ?",
                state,
                failureCode,
                id);
    }

    public void attemptCreated(UUID id, String providerRef, Map<String, Object> clientAction) throws Exception {
        jdbc.update(
                "update payment_attempt set state = 'pending', provider_ref = ?, client_action = cast(? as jsonb),"
                        + " updated_at = now() where id = ? and state = 'created'",
                providerRef,
                json.writeValueAsString(clientAction),
                id);
    }

    public void subscriptionState(UUID id, String state) {
        jdbc.update("update subscription set state = ?, updated_at = now() where id = ?", state, id);
    }

    public void history(UUID subscriptionId, UUID attemptId, String event, String detail) {
        jdbc.update(
                "insert into payment_history (subscription_id, attempt_id, event, detail) values (?, ?, ?, ?)",
                subscriptionId,
                attemptId,
                event,
                detail == null ? null : detail.length() > 500 ? detail.substring(0, 500) : detail);
    }

    public List<Map<String, Object>> historyOf(UUID subscriptionId, UUID attemptId) {
        return jdbc
                .queryForList(
                        "select occurred_at, attempt_id, event, detail from payment_history where subscription_id = ?"
                                + " and (cast(? as uuid) is null or attempt_id = ?) order by id",
                        subscriptionId,
                        attemptId,
                        attemptId)
                .stream()
                .map(row -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put(
                            "at",
                            ((Timestamp) row.get("occurred_at")).toInstant().toString());
                    if (row.get("attempt_id") != null) {
                        entry.put("attemptId", row.get("attempt_id").toString());
                    }
                    entry.put("event", row.get("event"));
                    entry.put("detail", row.get("detail"));
                    return entry;
                })
                .toList();
    }

    public int jdbcInsertSubscription(
            UUID id,
            String userId,
            String plan,
            long amountMinor,
            String currency,
            String region,
            String preferred,
            String caller,
            String key) {
        return jdbc.update(
                "insert into subscription (id, user_id, plan, amount_minor, currency, region, preferred_gateway, state,"
                        + " caller, request_key) values (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)"
                        + " on conflict (caller, request_key) do nothing",
                id,
                userId,
                plan,
                amountMinor,
                currency,
                region,
                preferred,
                caller,
                key);
    }

    public void reconciled(UUID attemptId) {
        jdbc.update("update payment_attempt set reconciles = reconciles + 1 where id = ?", attemptId);
    }

    public Optional<Map<String, Object>> webhook(UUID id) {
        return jdbc.queryForList("select * from payment_webhook where id = ?", id).stream()
                .findFirst();
    }

    public Map<String, Object> webhookForUpdate(UUID id) {
        return jdbc.queryForMap("select * from payment_webhook where id = ? for update", id);
    }

    public void webhookState(UUID id, String state, String note) {
        jdbc.update("update payment_webhook set state = ?, note = ?, applied_at = now() where id = ?", state, note, id);
    }

    private Subscription sub(ResultSet rs, int row) throws SQLException {
        return new Subscription(
                rs.getObject("id", UUID.class),
                rs.getString("user_id"),
                rs.getString("plan"),
                rs.getLong("amount_minor"),
                rs.getString("currency"),
                rs.getString("region"),
                rs.getString("preferred_gateway"),
                rs.getString("state"));
    }

    private Attempt att(ResultSet rs, int row) throws SQLException {
        return new Attempt(
                rs.getObject("id", UUID.class),
                rs.getObject("subscription_id", UUID.class),
                rs.getInt("attempt_no"),
                rs.getObject("retry_of", UUID.class),
                rs.getString("gateway"),
                rs.getString("state"),
                rs.getLong("order_no"),
                rs.getString("idempotency_key"),
                rs.getString("provider_ref"),
                rs.getLong("amount_minor"),
                rs.getString("currency"),
                rs.getString("client_action"),
                rs.getInt("reconciles"));
    }
}
