package com.fitplatform.gateway.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.ai.analytics.AnalyticsClient;
import com.fitplatform.gateway.ai.analytics.AnalyticsSandbox;
import com.fitplatform.gateway.ai.recommendations.RecommendationsSandbox;
import com.fitplatform.gateway.support.GatewayClient.Response;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The resilience policy proved through HTTP against the sandbox fakes, never with a mocked breaker:
 * opening above 50 % failures of 10 calls, short-circuiting while open, the half-open trial, the
 * longer re-opening, retries on the schedule and manual review for unrepeatable calls. The test
 * profile opens AI breakers for 4 s and re-opens them for 10 s.
 */
class ResiliencePolicyIT extends AiTestSupport {

    @Autowired
    RecommendationsSandbox recommendations;

    @Autowired
    AnalyticsSandbox analytics;

    @Autowired
    AnalyticsClient analyticsClient;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EmbeddedActiveMQ broker;

    @Test
    void shouldStayClosedAtExactlyHalfFailuresAndOpenAboveHalf() {
        callsWith(5, 5);
        assertThat(breakerState("recommendations")).isEqualTo("CLOSED");

        gateway()
                .post("/ops/resilience/recommendations/reset", "{}")
                .bearer(tokens.ops())
                .send();
        callsWith(4, 6);

        // OPEN, or already HALF_OPEN on a slow machine: either way it opened.
        assertThat(breakerState("recommendations")).isIn("OPEN", "HALF_OPEN");
    }

    @Test
    void shouldShortCircuitWhileOpenThenTrialReopenLongerAndCloseOnSuccess() {
        callsWith(0, 10);
        assertThat(breakerState("recommendations")).isEqualTo("OPEN");
        int reached = recommendations.requests();

        // Open: straight to the fallback, the service is not touched.
        for (int i = 0; i < 3; i++) {
            Response response = recommend(request("user-open-" + i));
            assertThat(response.json().path("source").asText()).isEqualTo("fallback");
        }
        assertThat(recommendations.requests()).isEqualTo(reached);
        JsonNode breaker =
                resilience().json().path("services").path("recommendations").path("breaker");
        assertThat(breaker.path("notPermittedCalls").asInt()).isGreaterThanOrEqualTo(3);

        // After the open duration (4 s here): half-open; the failed trial re-opens it.
        await().atMost(Duration.ofSeconds(15))
                .until(() -> breakerState("recommendations").equals("HALF_OPEN"));
        Response trial = recommend(request("user-trial-1"));
        assertThat(trial.json().path("source").asText()).isEqualTo("fallback");
        assertThat(recommendations.requests()).isEqualTo(reached + 1);
        assertThat(breakerState("recommendations")).isEqualTo("OPEN");

        // Re-opened for the longer duration (10 s here): still open well past the first duration.
        await().during(Duration.ofMillis(6000))
                .atMost(Duration.ofSeconds(9))
                .until(() -> breakerState("recommendations").equals("OPEN"));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> breakerState("recommendations").equals("HALF_OPEN"));

        // A successful trial closes it.
        gateway().request("DELETE", "/sandbox/_faults/recommendations", null).send();
        Response healed = recommend(request("user-trial-2"));

        assertThat(healed.json().path("source").asText()).isEqualTo("model");
        assertThat(breakerState("recommendations")).isEqualTo("CLOSED");
    }

    @Test
    void shouldAuditAndExportBreakerStateChanges() {
        long auditedBefore = audited("recommendations", "%CLOSED to OPEN%");

        callsWith(0, 10);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> audited("recommendations", "%CLOSED to OPEN%") == auditedBefore + 1);
        Response metrics =
                gateway().get("/actuator/prometheus").bearer(tokens.ops()).send();
        assertThat(metrics.body())
                .containsPattern(
                        "resilience4j_circuitbreaker_state\\{[^}]*name=\"recommendations\"[^}]*state=\"open\"[^}]*} 1\\.0");
    }

    @Test
    void shouldCloseABreakerOnOpsResetAndAuditIt() {
        callsWith(0, 10);
        assertThat(breakerState("recommendations")).isIn("OPEN", "HALF_OPEN");

        Response reset = gateway()
                .post("/ops/resilience/recommendations/reset", "{}")
                .bearer(tokens.ops())
                .send();

        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.json().path("previousState").asText()).isIn("OPEN", "HALF_OPEN");
        assertThat(breakerState("recommendations")).isEqualTo("CLOSED");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> audited("recommendations", "circuit-breaker reset by ops (was %OPEN)") >= 1);
        gateway().request("DELETE", "/sandbox/_faults/recommendations", null).send();
        assertThat(recommend(request("user-after-reset")).json().path("source").asText())
                .isEqualTo("model");
    }

    @Test
    void shouldRefuseResetOfAnUnknownServiceAndToNonOps() {
        Response unknown = gateway()
                .post("/ops/resilience/nope/reset", "{}")
                .bearer(tokens.ops())
                .send();
        Response notOps = gateway()
                .post("/ops/resilience/recommendations/reset", "{}")
                .bearer(tokens.service("coach-app"))
                .send();
        Response anonymous = gateway().get("/ops/resilience").send();

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(notOps.status()).isEqualTo(403);
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void shouldListEveryNamedServiceWithItsConfiguredPolicy() {
        JsonNode services = resilience().json().path("services");

        assertThat(services.fieldNames())
                .toIterable()
                .contains(
                        "google",
                        "apple",
                        "yandex",
                        "vk",
                        "stripe",
                        "yookassa",
                        "sberbank",
                        "webmoney",
                        "fitbit",
                        "garmin",
                        "google-fit",
                        "recommendations",
                        "personalization",
                        "analytics",
                        "email");
        JsonNode ai = services.path("recommendations");
        assertThat(ai.path("timeout").asText()).isEqualTo("2s");
        assertThat(ai.path("retrySchedule")).isEmpty();
        assertThat(ai.path("retryRule").asText()).isEqualTo("none");
        // The test profile's overrides reached the running breaker: config, not code.
        assertThat(ai.path("breakerPolicy").path("openDuration").asText()).isEqualTo("4s");
        assertThat(ai.path("breakerPolicy").path("reopenDuration").asText()).isEqualTo("10s");
        assertThat(ai.path("breaker").path("state").asText()).isEqualTo("CLOSED");
        assertThat(ai.path("breaker").has("recentFailureRate")).isTrue();
        // 1 s, 4 s, 9 s, 16 s scaled by the test profile's 0.001.
        assertThat(services.path("analytics").path("retrySchedule").toString())
                .isEqualTo("[\"1ms\",\"4ms\",\"9ms\",\"16ms\"]");
        assertThat(services.path("stripe").path("timeout").asText()).isEqualTo("30s");
    }

    @Test
    void shouldRetryAnIdempotentCallOnTheSchedule() {
        fault("analytics", "{\"mode\":\"fail\",\"status\":503}");
        int before = analytics.requests();
        LocalDate date = LocalDate.of(2021, 3, 1);

        Throwable failure = catching(() -> analyticsClient.requestRun(date, "analytics-run-" + date));

        assertThat(failure).isInstanceOf(AnalyticsClient.ServiceFailed.class);
        assertThat(analytics.requests()).isEqualTo(before + 5);
        gateway().request("DELETE", "/sandbox/_faults/analytics", null).send();
        assertThat(catching(() -> analyticsClient.requestRun(date, "analytics-run-" + date)))
                .isNull();
        assertThat(analytics.runsStarted(date)).isEqualTo(1);
    }

    @Test
    void shouldSendAnUnrepeatablePostWithAnUnknownOutcomeToManualReviewWithoutRetrying() throws Exception {
        fault("analytics", "{\"mode\":\"slow\",\"delayMillis\":5000}");
        int before = analytics.requests();
        int queuedBefore = manualReview().size();

        Throwable failure = catching(() -> analyticsClient.requestRun(LocalDate.of(2021, 3, 2), null));

        // Timed out after the request left: the service may have acted, so it is not repeated.
        assertThat(failure).isInstanceOfAny(java.util.concurrent.TimeoutException.class, java.io.IOException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> manualReview().size() == queuedBefore + 1);
        assertThat(manualReview().get(manualReview().size() - 1))
                .contains("\"service\":\"analytics\"")
                .contains("POST /v1/predictions/runs");
        assertThat(analytics.requests()).isEqualTo(before + 1);
    }

    private void callsWith(int successes, int failures) {
        gateway().request("DELETE", "/sandbox/_faults/recommendations", null).send();
        for (int i = 0; i < successes; i++) {
            assertThat(recommend(request("user-ok-" + i)).json().path("source").asText())
                    .isEqualTo("model");
        }
        fault("recommendations", "{\"mode\":\"fail\",\"status\":503}");
        for (int i = 0; i < failures; i++) {
            assertThat(recommend(request("user-ko-" + i)).json().path("source").asText())
                    .isEqualTo("fallback");
        }
    }

    private long audited(String service, String operationLike) {
        Long count = jdbc.queryForObject(
                "select count(*) from integration_audit where service = ? and operation like ?",
                Long.class,
                service,
                operationLike);
        return count == null ? 0 : count;
    }

    private List<String> manualReview() throws Exception {
        var queue = broker.getActiveMQServer().locateQueue("ops.manual-review");
        List<String> bodies = new ArrayList<>();
        if (queue == null) {
            return bodies;
        }
        try (var references = queue.browserIterator()) {
            while (references.hasNext()) {
                var message = references.next().getMessage().toCore();
                bodies.add(message.getReadOnlyBodyBuffer()
                        .readNullableSimpleString()
                        .toString());
            }
        }
        return bodies;
    }

    private static Throwable catching(ThrowingCall call) {
        try {
            call.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }
}
