package com.fitplatform.gateway.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.payments.stripe.StripeSignature;
import com.fitplatform.gateway.support.PackagedGateway;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TopicSubscriber;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway killed with SIGKILL after it acknowledged a signed Stripe webhook (recorded
 * in the inbox and queued) and before the saga applied it: after a restart on the same state the
 * event is applied exactly once, and platform.events carries payment.completed and
 * subscription.activated once each. The apply consumer is held back by stopping its route through
 * the ops API (not persisted, so the restarted gateway consumes again): no race with the kill.
 */
class PaymentCrashRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEBHOOK_SECRET = "whsec_crash_test_" + UUID.randomUUID();
    private static final String SUBSCRIPTION = "payment-crash-test";

    private final Path data = Path.of("target", "payment-crash-data").toAbsolutePath();
    private final int brokerPort = PackagedGateway.freePort();
    private final PackagedGateway gateway = new PackagedGateway(
            data,
            new File("target/payment-crash-gateway.log"),
            Map.of("GATEWAY_STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET),
            "--gateway.broker.tcp-port=" + brokerPort);

    @Test
    void shouldMakeExactlyOneTransitionWhenKilledBetweenAcceptingAndApplyingAWebhook() throws Exception {
        PackagedGateway.deleteRecursively(data);
        gateway.start();
        String token = gateway.token("service:crash-test", "service,ops");
        receiveEvents(Duration.ZERO); // creates the durable subscription that outlives the kill
        JsonNode accepted = subscribe(token);
        String paymentId = accepted.path("paymentId").asText();
        String subscriptionId = accepted.path("subscriptionId").asText();
        String intent = JSON.readTree(
                        gateway.get("/api/payments/" + paymentId, token).body())
                .path("providerRef")
                .asText();
        assertThat(gateway.send(
                                "POST",
                                "/ops/routes/payment-webhook-apply/stop",
                                null,
                                Map.of("Authorization", "Bearer " + token))
                        .statusCode())
                .isEqualTo(200);
        String event = "{\"id\":\"evt_crash_" + UUID.randomUUID()
                + "\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"id\":\""
                + intent + "\",\"object\":\"payment_intent\",\"amount\":999,\"currency\":\"usd\","
                + "\"status\":\"succeeded\"}}}";

        HttpResponse<String> acknowledged = webhook(event);

        assertThat(acknowledged.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(acknowledged.body()).path("recorded").asText()).isEqualTo("queued");
        assertThat(state("/api/subscriptions/" + subscriptionId, token)).isEqualTo("pending");
        gateway.kill();
        gateway.start();
        // Stripe may deliver the event again: still one transition.
        assertThat(webhook(event).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> state("/api/subscriptions/" + subscriptionId, token), "active"::equals);
        JsonNode payment =
                JSON.readTree(gateway.get("/api/payments/" + paymentId, token).body());
        assertThat(payment.path("state").asText()).isEqualTo("completed");
        assertThat(payment.path("history").findValuesAsText("event"))
                .filteredOn(e -> e.equals("payment-completed") || e.equals("subscription-activated"))
                .containsExactlyInAnyOrder("payment-completed", "subscription-activated");
        List<JsonNode> published = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            published.addAll(receiveEvents(Duration.ofSeconds(1)));
            assertThat(published)
                    .extracting(e -> e.path("type").asText() + " "
                            + e.path("aggregateId").asText())
                    .contains("payment.completed " + paymentId, "subscription.activated " + subscriptionId);
        });
        published.addAll(receiveEvents(Duration.ofSeconds(2)));
        assertThat(published)
                .extracting(e ->
                        e.path("type").asText() + " " + e.path("aggregateId").asText())
                .filteredOn(e -> e.endsWith(paymentId) || e.endsWith(subscriptionId))
                .containsExactlyInAnyOrder(
                        "payment.completed " + paymentId, "subscription.activated " + subscriptionId);
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
    }

    private JsonNode subscribe(String token) throws Exception {
        HttpResponse<String> response = gateway.send(
                "POST",
                "/api/subscriptions",
                "{\"userId\":\"crash-user\",\"plan\":\"premium-monthly\",\"amount\":999,\"currency\":\"USD\","
                        + "\"region\":\"US\"}",
                Map.of(
                        "Content-Type",
                        "application/json",
                        "Authorization",
                        "Bearer " + token,
                        "Idempotency-Key",
                        UUID.randomUUID().toString()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> webhook(String event) throws Exception {
        return gateway.send(
                "POST",
                "/webhooks/stripe",
                event,
                Map.of(
                        "Content-Type",
                        "application/json",
                        "Stripe-Signature",
                        StripeSignature.header(WEBHOOK_SECRET, System.currentTimeMillis() / 1000, event)));
    }

    private String state(String path, String token) throws Exception {
        return JSON.readTree(gateway.get(path, token).body()).path("state").asText();
    }

    /** Drains the test's durable subscription to platform.events (its messages survive the kill). */
    private List<JsonNode> receiveEvents(Duration wait) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
                Connection connection = factory.createConnection()) {
            connection.setClientID(SUBSCRIPTION);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TopicSubscriber subscriber =
                    session.createDurableSubscriber(session.createTopic("platform.events"), SUBSCRIPTION);
            connection.start();
            Message message;
            while (!wait.isZero() && (message = subscriber.receive(wait.toMillis())) != null) {
                events.add(JSON.readTree(((TextMessage) message).getText()));
            }
        }
        return events;
    }
}
