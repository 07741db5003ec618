package com.fitplatform.gateway.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code webhook-ingest}: Stripe {@code payment_intent.succeeded} events POSTed to {@code
 * /webhooks/stripe}, signed as Stripe signs them ({@code Stripe-Signature: t=<unix s>,v1=<hex
 * HMAC-SHA256 of "t.payload" keyed with the endpoint secret>}, signed when sent, so the 300 s
 * tolerance holds). Each event refers to a real payment attempt: before the first step, subscriptions
 * are bought through {@code POST /api/subscriptions} (region US: Stripe, whose sandbox fake creates
 * the payment intent) and every event settles one of them, with its amount and currency. One event in
 * {@code duplicateEvery} is a resend of an event sent earlier (Stripe retries): recorded once, applied
 * once, acknowledged again.
 */
final class StripeWebhookWorkload implements Workload {

    private static final Pattern INTENT = Pattern.compile("\"clientSecret\"\\s*:\\s*\"(pi_[A-Za-z0-9]+)_secret_");
    private static final long AMOUNT = 999;

    private record Event(String id, String body) {}

    private final String baseUrl;
    private final String token;
    private final byte[] secret;
    private final int duplicateEvery;
    private final SetupHttp http = new SetupHttp();
    private final ConcurrentLinkedQueue<String> intents = new ConcurrentLinkedQueue<>();
    // Recently sent events, the pool that duplicates are drawn from.
    private final AtomicReferenceArray<Event> sent = new AtomicReferenceArray<>(512);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong prepared = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong shortOfIntents = new AtomicLong();

    StripeWebhookWorkload(String baseUrl, String token, String webhookSecret, int duplicateEvery) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.secret = webhookSecret.getBytes(StandardCharsets.UTF_8);
        this.duplicateEvery = duplicateEvery;
    }

    @Override
    public void prepare(long arrivals) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long count = arrivals - (duplicateEvery > 0 ? arrivals / duplicateEvery : 0) + arrivals / 20 + 20;
        List<String> created = SetupHttp.parallel(count, 6, i -> {
            String body = "{\"userId\":\"bench-pay-" + run + "-" + i + "\",\"plan\":\"premium\",\"amount\":" + AMOUNT
                    + ",\"currency\":\"USD\",\"region\":\"US\"}";
            String answer = http.send(
                            SetupHttp.request(baseUrl + "/api/subscriptions")
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .header("Idempotency-Key", "bench-" + run + "-" + i)
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            202)
                    .body();
            Matcher intent = INTENT.matcher(answer);
            if (!intent.find()) {
                throw new IllegalStateException("No Stripe payment intent in " + answer);
            }
            return intent.group(1);
        });
        intents.addAll(created);
        prepared.set(created.size());
    }

    @Override
    public ChainBuilder call(String stepName, String tag) {
        return exec(session -> {
                    Event event = next(tag);
                    long t = System.currentTimeMillis() / 1000;
                    return session.set("event", event.body())
                            .set("signature", "t=" + t + ",v1=" + sign(t + "." + event.body()));
                })
                .exec(http(stepName)
                        .post("/webhooks/stripe")
                        .header("Content-Type", "application/json; charset=utf-8")
                        .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                        .header("Stripe-Signature", "#{signature}")
                        .header("X-Request-Id", "#{requestId}")
                        .body(StringBody(session -> session.getString("event")))
                        .check(status().is(200))
                        .check(jmesPath("recorded").in("queued", "duplicate")));
    }

    private Event next(String tag) {
        long n = sequence.incrementAndGet();
        if (duplicateEvery > 0 && n % duplicateEvery == 0 && n > 1) {
            // One of the last few hundred events: some still waiting to be applied, some applied.
            long back = ThreadLocalRandom.current().nextLong(1, Math.min(n, sent.length()));
            Event earlier = sent.get((int) ((n - back) % sent.length()));
            if (earlier != null) {
                duplicates.incrementAndGet();
                return earlier;
            }
        }
        String intent = intents.poll();
        if (intent == null) {
            // More arrivals than planned: resend instead of inventing an intent the gateway never saw.
            shortOfIntents.incrementAndGet();
            Event earlier = sent.get(0);
            return earlier != null ? earlier : new Event("none", "{}");
        }
        String id = BenchTags.eventIdPrefix(tag) + n;
        Event event = new Event(id, body(id, intent));
        sent.set((int) (n % sent.length()), event);
        return event;
    }

    /** The event as Stripe sends it (API version 2024-06-20), with the intent as it is now. */
    private static String body(String id, String intent) {
        long now = System.currentTimeMillis() / 1000;
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"2024-06-20\",\"created\":" + now
                + ",\"data\":{\"object\":{\"id\":\"" + intent + "\",\"object\":\"payment_intent\",\"amount\":" + AMOUNT
                + ",\"amount_capturable\":0,\"amount_received\":" + AMOUNT + ",\"capture_method\":\"automatic\","
                + "\"client_secret\":\"" + intent + "_secret_bench\",\"confirmation_method\":\"automatic\","
                + "\"created\":" + (now - 5) + ",\"currency\":\"usd\",\"last_payment_error\":null,"
                + "\"latest_charge\":\"ch_" + intent.substring(3) + "\",\"livemode\":false,\"metadata\":{},"
                + "\"payment_method\":\"pm_card_visa\",\"payment_method_types\":[\"card\"],\"status\":\"succeeded\"}},"
                + "\"livemode\":false,\"pending_webhooks\":1,\"request\":{\"id\":null,\"idempotency_key\":null},"
                + "\"type\":\"payment_intent.succeeded\"}";
    }

    private String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String summary() {
        List<String> parts = new ArrayList<>();
        parts.add(prepared.get() + " payment attempts created before the steps");
        parts.add(duplicates.get() + " duplicate deliveries");
        if (shortOfIntents.get() > 0) {
            parts.add(shortOfIntents.get() + " resends because the attempts ran short");
        }
        return "webhook-ingest: " + String.join(", ", parts);
    }
}
