package com.fitplatform.gateway.payments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.common.outbox.Outbox;
import com.fitplatform.gateway.common.resilience.ResilientCalls;
import com.fitplatform.gateway.common.resilience.ResilientCalls.Call;
import com.fitplatform.gateway.common.security.CallerIdentityFilter;
import com.fitplatform.gateway.payments.PaymentGateway.Outcome;
import com.fitplatform.gateway.payments.PaymentGateway.ProviderPayment;
import com.fitplatform.gateway.payments.PaymentRecords.Attempt;
import com.fitplatform.gateway.payments.PaymentRecords.Subscription;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The payment saga. Every step reads the state from the database, changes it in one transaction
 * (with the outbox events of that change) and asks its route to queue what comes next
 * ({@link SagaCommand}); nothing lives only in memory, so a crash resumes from the last commit.
 * Outcomes follow Kill Bill: declined is final for the attempt (a new attempt later, never a
 * fallback), unavailable moves to the next gateway, unknown is resolved by asking the provider.
 */
@Component("paymentSaga")
public class PaymentSaga {

    private static final Logger log = LoggerFactory.getLogger(PaymentSaga.class);
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9:._@-]{1,200}");
    private static final Pattern PLAN = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}");
    private static final Set<String> GATEWAYS = Set.of("stripe", "yookassa", "sberbank", "webmoney");

    private final PaymentRecords records;
    private final TransactionTemplate tx;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final RegionRoutingTable routing;
    private final Map<String, PaymentGateway> gateways;
    private final ResilientCalls calls;
    private final PaymentsProperties properties;
    private final PaymentQueues queues;

    public PaymentSaga(
            PaymentRecords records,
            TransactionTemplate tx,
            Outbox outbox,
            ObjectMapper json,
            RegionRoutingTable routing,
            List<PaymentGateway> gateways,
            ResilientCalls calls,
            PaymentsProperties properties,
            PaymentQueues queues) {
        this.records = records;
        this.tx = tx;
        this.outbox = outbox;
        this.json = json;
        this.routing = routing;
        this.gateways = gateways.stream().collect(Collectors.toMap(PaymentGateway::name, Function.identity()));
        this.calls = calls;
        this.properties = properties;
        this.queues = queues;
    }

    // ---------------------------------------------------------------- POST /api/subscriptions

    /** Creates (or, for the same caller and Idempotency-Key, resumes) a subscription and its first attempt. */
    public Map<String, Object> start(
            String body,
            @Header(CallerIdentityFilter.SUBJECT) String caller,
            @Header("Idempotency-Key") String key,
            Exchange exchange)
            throws Exception {
        requireService(caller);
        if (key == null || key.isBlank()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "This endpoint requires an Idempotency-Key");
        }
        JsonNode request = parse(body);
        String userId = text(request, "userId", USER);
        String plan = text(request, "plan", PLAN);
        JsonNode amountNode = request.path("amount");
        if (!amountNode.isIntegralNumber() || amountNode.asLong() <= 0 || amountNode.asLong() > 100_000_000_000L) {
            throw new ProblemException(
                    ProblemType.INVALID_REQUEST, "amount is a positive integer in minor units (kopecks, cents)");
        }
        String currency = request.path("currency").asText("");
        try {
            if (!currency.matches("[A-Z]{3}")) {
                throw new IllegalArgumentException();
            }
            Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "currency is an ISO 4217 code such as RUB");
        }
        String region = text(request, "region", REGION);
        String preferred = request.path("preferredGateway").isMissingNode()
                        || request.path("preferredGateway").isNull()
                ? null
                : request.path("preferredGateway").asText();
        if (preferred != null && !GATEWAYS.contains(preferred)) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "preferredGateway is one of " + GATEWAYS);
        }
        List<String> chain = routing.chain(region, preferred);

        Subscription sub = records.subscriptionByRequest(caller, key).orElse(null);
        if (sub == null) {
            UUID id = UUID.randomUUID();
            tx.executeWithoutResult(status -> {
                int inserted = records.jdbcInsertSubscription(
                        id, userId, plan, amountNode.asLong(), currency, region, preferred, caller, key);
                if (inserted == 1) {
                    records.history(
                            id,
                            null,
                            "subscription-requested",
                            plan + " " + amountNode.asLong() + " " + currency + " region " + region);
                }
            });
            sub = records.subscriptionByRequest(caller, key).orElseThrow();
        }
        Optional<Attempt> live = records.attempts(sub.id()).stream()
                .filter(a -> a.live() || a.state().equals("declined"))
                .reduce((first, second) -> second);
        if (live.isPresent() || !sub.state().equals("pending")) {
            return answer(sub, live.orElse(null));
        }
        Attempt attempt = round(sub, chain, 1, null);
        if (attempt == null) {
            throw new ProblemException(
                    ProblemType.SERVICE_UNAVAILABLE,
                    "Every payment gateway for region " + region
                            + " is unavailable; retry with the same Idempotency-Key",
                    Map.of("subscriptionId", sub.id().toString(), "retryable", true));
        }
        SagaCommand.attach(exchange, afterRound(sub, attempt));
        return answer(records.subscription(sub.id(), false).orElseThrow(), attempt);
    }

    private Map<String, Object> answer(Subscription sub, Attempt attempt) throws Exception {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("subscriptionId", sub.id().toString());
        answer.put("state", sub.state());
        if (attempt != null) {
            answer.put("paymentId", attempt.id().toString());
            answer.put("attemptId", attempt.id().toString());
            answer.put("gateway", attempt.gateway());
            answer.put("paymentState", attempt.state());
            if (attempt.clientAction() != null) {
                answer.put("clientAction", json.readTree(attempt.clientAction()));
            }
        }
        return answer;
    }

    /**
     * Tries the chain in order for one attempt number. Returns the attempt that got an answer
     * (created or declined), or null when every gateway was unavailable.
     */
    private Attempt round(Subscription sub, List<String> chain, int attemptNo, UUID retryOf) {
        for (String name : chain) {
            PaymentGateway gateway = gateways.get(name);
            if (gateway == null) {
                continue;
            }
            Attempt attempt = tx.execute(status -> records.insertAttempt(sub, attemptNo, retryOf, name));
            try {
                PaymentGateway.Created created = calls.call(
                        Call.withIdempotencyKey(name, "create-payment", attempt.idempotencyKey()),
                        () -> gateway.create(attempt.request(sub.plan())));
                tx.executeWithoutResult(status -> {
                    try {
                        records.attemptCreated(attempt.id(), created.providerRef(), created.clientAction());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    records.history(sub.id(), attempt.id(), "payment-created", name + " " + created.providerRef());
                });
                return records.attempt(attempt.id(), false).orElseThrow();
            } catch (GatewayDeclined declined) {
                return tx.execute(status -> {
                    records.attemptState(attempt.id(), "declined", declined.code());
                    records.history(sub.id(), attempt.id(), "declined", name + ": " + declined.code());
                    return records.attempt(attempt.id(), false).orElseThrow();
                });
            } catch (Exception unavailable) {
                // A create that timed out may exist at the gateway, but the payer never got its
                // client action, so it can charge no one: unknown, left to expire, next gateway.
                boolean unknown = unavailable instanceof TimeoutException;
                log.warn("Gateway {} unavailable for attempt {}: {}", name, attempt.id(), unavailable.toString());
                tx.executeWithoutResult(status -> {
                    records.attemptState(
                            attempt.id(),
                            unknown ? "unknown" : "failed",
                            unavailable.getClass().getSimpleName());
                    records.history(
                            sub.id(),
                            attempt.id(),
                            "gateway-unavailable",
                            name + ": " + unavailable.getClass().getSimpleName());
                });
            }
        }
        tx.executeWithoutResult(
                status -> records.history(sub.id(), null, "all-gateways-unavailable", chain.toString()));
        return null;
    }

    /** After a round: a reconcile timer for a created payment, or the decline path. */
    private List<SagaCommand> afterRound(Subscription sub, Attempt attempt) {
        if (attempt.state().equals("declined")) {
            return tx.execute(
                    status -> declined(records.subscription(sub.id(), true).orElseThrow(), attempt));
        }
        return List.of(reconcileCommand(attempt.id()));
    }

    // ---------------------------------------------------------------- outcomes

    /**
     * Applies a provider outcome to an attempt, once: a completed attempt ignores everything after
     * it; a declined attempt can still complete (the payer retried on the provider's page).
     */
    private List<SagaCommand> applyOutcome(Attempt unlocked, Outcome outcome, String source) {
        Subscription sub = records.subscription(unlocked.subscriptionId(), true).orElseThrow();
        Attempt attempt = records.attempt(unlocked.id(), true).orElseThrow();
        if (outcome == Outcome.PENDING || attempt.state().equals("completed")) {
            return List.of();
        }
        if (outcome == Outcome.SUCCEEDED) {
            records.attemptState(attempt.id(), "completed", null);
            records.history(sub.id(), attempt.id(), "payment-completed", source);
            Map<String, Object> payment = new LinkedHashMap<>();
            payment.put("paymentId", attempt.id().toString());
            payment.put("subscriptionId", sub.id().toString());
            payment.put("gateway", attempt.gateway());
            payment.put("amount", attempt.amountMinor());
            payment.put("currency", attempt.currency());
            outbox.append("payment.completed", "payment", attempt.id().toString(), payment);
            if (sub.state().equals("pending")) {
                records.subscriptionState(sub.id(), "active");
                records.history(sub.id(), attempt.id(), "subscription-activated", null);
                Map<String, Object> activated = new LinkedHashMap<>();
                activated.put("subscriptionId", sub.id().toString());
                activated.put("userId", sub.userId());
                activated.put("plan", sub.plan());
                activated.put("paymentId", attempt.id().toString());
                outbox.append("subscription.activated", "subscription", sub.id().toString(), activated);
            } else {
                records.history(sub.id(), attempt.id(), "review-paid-while-" + sub.state(), source);
            }
            return List.of();
        }
        if (attempt.state().equals("declined")) {
            return List.of();
        }
        records.attemptState(attempt.id(), "declined", null);
        records.history(sub.id(), attempt.id(), "declined", source);
        return declined(sub, records.attempt(attempt.id(), false).orElseThrow());
    }

    /** The decline path, derived from state: a retry later, or the subscription fails. Runs in a transaction. */
    private List<SagaCommand> declined(Subscription sub, Attempt attempt) {
        if (!sub.state().equals("pending")) {
            return List.of();
        }
        List<Attempt> all = records.attempts(sub.id());
        if (all.stream().anyMatch(a -> a.live() && !a.id().equals(attempt.id()))) {
            return List.of();
        }
        long declines = all.stream().filter(a -> a.state().equals("declined")).count();
        if (declines >= properties.maxAttempts()) {
            records.subscriptionState(sub.id(), "failed");
            records.history(sub.id(), attempt.id(), "subscription-failed", declines + " declined attempts");
            Map<String, Object> failed = new LinkedHashMap<>();
            failed.put("subscriptionId", sub.id().toString());
            failed.put("userId", sub.userId());
            failed.put("plan", sub.plan());
            failed.put("attempts", declines);
            outbox.append("subscription.failed", "subscription", sub.id().toString(), failed);
            return List.of();
        }
        if (all.stream()
                .anyMatch(a -> attempt.id().equals(a.retryOf()) && !a.state().equals("failed"))) {
            return List.of();
        }
        long at = System.currentTimeMillis()
                + properties.backoffAfter((int) declines).toMillis();
        Map<String, Object> retry = new LinkedHashMap<>();
        retry.put("subscriptionId", sub.id().toString());
        retry.put("retryOf", attempt.id().toString());
        retry.put("attemptNo", attempt.attemptNo() + 1);
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("idempotencyKey", "payment-retry-" + attempt.id());
        notice.put("userId", sub.userId());
        notice.put("template", "payment-retry");
        notice.put("subscriptionId", sub.id().toString());
        notice.put("retryAt", java.time.Instant.ofEpochMilli(at).toString());
        records.history(
                sub.id(),
                attempt.id(),
                "retry-scheduled",
                java.time.Instant.ofEpochMilli(at).toString());
        return List.of(
                new SagaCommand(queues.paymentRetries(), write(retry), at),
                new SagaCommand(queues.paymentNotifications(), write(notice), System.currentTimeMillis()));
    }

    private SagaCommand reconcileCommand(UUID attemptId) {
        return new SagaCommand(
                queues.paymentReconcile(),
                write(Map.of("attemptId", attemptId.toString())),
                System.currentTimeMillis() + properties.reconcileAfter().toMillis());
    }

    // ---------------------------------------------------------------- queue consumers

    /** Applies one recorded provider event (payments.webhooks), at most once however often it is delivered. */
    public void applyWebhook(String message, Exchange exchange) throws Exception {
        UUID inboxId = UUID.fromString(json.readTree(message).path("webhookId").asText());
        Map<String, Object> row = records.webhook(inboxId).orElse(null);
        if (row == null || row.get("attempt_id") == null) {
            return;
        }
        Attempt attempt = records.attempt((UUID) row.get("attempt_id"), false).orElseThrow();
        if (!"received".equals(row.get("state"))) {
            // Applied already: a redelivery after the commit resends what that state implies.
            SagaCommand.attach(exchange, derived(attempt));
            return;
        }
        String outcomeText = (String) row.get("outcome");
        Long amount = (Long) row.get("amount_minor");
        String currency = (String) row.get("currency");
        String detail = (String) row.get("detail");
        if (outcomeText.equals("confirm")) {
            // Unsigned notifications (YooKassa) are only a hint: the provider's own answer decides.
            Subscription sub =
                    records.subscription(attempt.subscriptionId(), false).orElseThrow();
            ProviderPayment payment =
                    calls.call(Call.read(attempt.gateway(), "get-payment"), () -> gateways.get(attempt.gateway())
                            .status(attempt.request(sub.plan())));
            outcomeText = payment.outcome().name().toLowerCase();
            amount = payment.amountMinor();
            currency = payment.currency();
            detail = payment.detail();
        }
        Outcome outcome = Outcome.valueOf(outcomeText.toUpperCase());
        Long finalAmount = amount;
        String finalCurrency = currency;
        String source = row.get("provider") + " " + row.get("event_type") + (detail == null ? "" : " " + detail);
        List<SagaCommand> commands = tx.execute(status -> {
            Map<String, Object> locked = records.webhookForUpdate(inboxId);
            if (!"received".equals(locked.get("state"))) {
                return derived(attempt);
            }
            if (mismatch(attempt, finalAmount, finalCurrency)) {
                records.webhookState(inboxId, "flagged", "amount or currency differs from the attempt");
                records.history(attempt.subscriptionId(), attempt.id(), "flagged-for-review", source);
                return List.<SagaCommand>of();
            }
            List<SagaCommand> next = applyOutcome(attempt, outcome, source);
            records.webhookState(inboxId, "applied", null);
            return next;
        });
        SagaCommand.attach(exchange, commands);
    }

    static boolean mismatch(Attempt attempt, Long amount, String currency) {
        return (amount != null && amount != attempt.amountMinor())
                || (currency != null && !currency.equalsIgnoreCase(attempt.currency()));
    }

    private List<SagaCommand> derived(Attempt attempt) {
        Attempt now = records.attempt(attempt.id(), false).orElseThrow();
        if (!now.state().equals("declined")) {
            return List.of();
        }
        return tx.execute(status ->
                declined(records.subscription(now.subscriptionId(), true).orElseThrow(), now));
    }

    /** A new attempt after a decline (payments.retries, delivered after the back-off). */
    public void retry(String message, Exchange exchange) throws Exception {
        JsonNode retry = json.readTree(message);
        UUID subscriptionId = UUID.fromString(retry.path("subscriptionId").asText());
        UUID retryOf = UUID.fromString(retry.path("retryOf").asText());
        Subscription sub = records.subscription(subscriptionId, false).orElse(null);
        if (sub == null || !sub.state().equals("pending")) {
            return;
        }
        List<Attempt> all = records.attempts(subscriptionId);
        if (all.stream()
                .anyMatch(a ->
                        retryOf.equals(a.retryOf()) && (a.live() || a.state().equals("declined")))) {
            return;
        }
        List<String> chain = routing.chain(sub.region(), sub.preferredGateway());
        Attempt attempt = round(sub, chain, retry.path("attemptNo").asInt(2), retryOf);
        if (attempt == null) {
            // Rolled back: the broker redelivers the retry later (its redelivery delay), then DLQ.
            throw new IllegalStateException("Every gateway for subscription " + subscriptionId + " is unavailable");
        }
        SagaCommand.attach(exchange, afterRound(sub, attempt));
    }

    /** Asks the provider about an attempt that got no webhook in time (payments.reconcile). */
    public void reconcile(String message, Exchange exchange) throws Exception {
        UUID attemptId =
                UUID.fromString(json.readTree(message).path("attemptId").asText());
        Attempt attempt = records.attempt(attemptId, false).orElse(null);
        if (attempt == null || !attempt.state().equals("pending") || attempt.providerRef() == null) {
            return;
        }
        Subscription sub = records.subscription(attempt.subscriptionId(), false).orElseThrow();
        ProviderPayment payment =
                calls.call(Call.read(attempt.gateway(), "get-payment"), () -> gateways.get(attempt.gateway())
                        .status(attempt.request(sub.plan())));
        List<SagaCommand> commands = tx.execute(status -> {
            if (payment.outcome() == Outcome.PENDING) {
                Attempt locked = records.attempt(attemptId, true).orElseThrow();
                if (locked.reconciles() + 1 >= properties.reconcileMax()) {
                    records.history(sub.id(), attemptId, "reconcile-exhausted", payment.detail());
                    return List.<SagaCommand>of();
                }
                records.reconciled(attemptId);
                return List.of(reconcileCommand(attemptId));
            }
            if (mismatch(attempt, payment.amountMinor(), payment.currency())) {
                records.history(sub.id(), attemptId, "flagged-for-review", "status query: amount differs");
                return List.<SagaCommand>of();
            }
            return applyOutcome(attempt, payment.outcome(), attempt.gateway() + " status query " + payment.detail());
        });
        SagaCommand.attach(exchange, commands);
    }

    // ---------------------------------------------------------------- GET views

    public Map<String, Object> subscriptionView(
            @Header("id") String id, @Header(CallerIdentityFilter.SUBJECT) String caller) throws Exception {
        requireService(caller);
        Subscription sub = records.subscription(uuid(id), false)
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No subscription " + id));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", sub.id().toString());
        view.put("state", sub.state());
        view.put("plan", sub.plan());
        view.put("amount", sub.amountMinor());
        view.put("currency", sub.currency());
        view.put("region", sub.region());
        List<Map<String, Object>> attempts = new ArrayList<>();
        for (Attempt attempt : records.attempts(sub.id())) {
            attempts.add(attemptView(attempt));
        }
        view.put("attempts", attempts);
        attempts.stream()
                .filter(a -> !"failed".equals(a.get("state")) && !"unknown".equals(a.get("state")))
                .reduce((a, b) -> b)
                .ifPresent(a -> view.put("gateway", a.get("gateway")));
        view.put("history", records.historyOf(sub.id(), null));
        return view;
    }

    public Map<String, Object> paymentView(@Header("id") String id, @Header(CallerIdentityFilter.SUBJECT) String caller)
            throws Exception {
        requireService(caller);
        Attempt attempt = records.attempt(uuid(id), false)
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No payment " + id));
        Subscription sub = records.subscription(attempt.subscriptionId(), false).orElseThrow();
        Map<String, Object> view = attemptView(attempt);
        view.put("subscriptionId", sub.id().toString());
        view.put("subscriptionState", sub.state());
        List<Map<String, Object>> attempts = new ArrayList<>();
        for (Attempt other : records.attempts(sub.id())) {
            attempts.add(attemptView(other));
        }
        view.put("attempts", attempts);
        view.put("history", records.historyOf(sub.id(), attempt.id()));
        return view;
    }

    private Map<String, Object> attemptView(Attempt attempt) throws Exception {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", attempt.id().toString());
        view.put("attemptNo", attempt.attemptNo());
        view.put("gateway", attempt.gateway());
        view.put("state", attempt.state());
        view.put("amount", attempt.amountMinor());
        view.put("currency", attempt.currency());
        if (attempt.providerRef() != null) {
            view.put("providerRef", attempt.providerRef());
        }
        if (attempt.clientAction() != null && attempt.state().equals("pending")) {
            view.put("clientAction", json.readTree(attempt.clientAction()));
        }
        return view;
    }

    // ---------------------------------------------------------------- helpers

    private static void requireService(String caller) {
        if (caller == null || !caller.startsWith("service:")) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Payments are for internal services only");
        }
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = json.readTree(body == null ? "" : body);
            if (node == null || !node.isObject()) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, "The request is a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body is not valid JSON");
        }
    }

    private static String text(JsonNode request, String field, Pattern pattern) {
        JsonNode node = request.path(field);
        if (!node.isTextual() || !pattern.matcher(node.asText()).matches()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, field + " is missing or not valid");
        }
        return node.asText();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No such payment resource " + id);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
