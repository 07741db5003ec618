package com.fitplatform.gateway.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fitplatform.gateway.ai.recommendations.RecommendationsSandbox;
import com.fitplatform.gateway.support.GatewayClient.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Workout recommendations through the gateway against the sandbox recommendation service. */
class RecommendationsIT extends AiTestSupport {

    @Autowired
    RecommendationsSandbox fake;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldAnswerFromTheModelWhenTheServiceIsHealthy() {
        int before = fake.requests();
        long auditedBefore = auditedServiceCalls();

        Response response = gateway()
                .post("/api/recommendations/workouts", request("user-model-1"))
                .bearer(tokens.service("coach-app"))
                .header("X-Request-Id", "rec-model-1")
                .send();

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("source").asText()).isEqualTo("model");
        assertThat(response.json().path("userId").asText()).isEqualTo("user-model-1");
        assertThat(response.json().path("recommendations")).isNotEmpty();
        assertThat(response.json().path("recommendations").get(0).path("reason").asText())
                .startsWith("model:");
        assertThat(response.json().has("modelVersion"))
                .as("nothing unchecked passes through")
                .isFalse();
        assertThat(fake.requests()).isEqualTo(before + 1);
        assertThat(fake.lastRequest().path("targetGoal").asText()).isEqualTo("weight_loss");
        // The route's HTTP call is audited once, with the service's name and its answer's status.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(auditedServiceCalls()).isEqualTo(auditedBefore + 1));
        // Under the caller's request id, though the call left from the breaker's pool thread.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForList(
                        "select direction from integration_audit where request_id = 'rec-model-1'"
                                + " order by direction",
                        String.class))
                .containsExactly("INBOUND", "OUTBOUND"));
    }

    private long auditedServiceCalls() {
        Long count = jdbc.queryForObject(
                "select count(*) from integration_audit where direction = 'OUTBOUND' and service = 'recommendations'"
                        + " and operation = 'POST /v1/recommendations/workouts' and status = '200'",
                Long.class);
        return count == null ? 0 : count;
    }

    @Test
    void shouldServeTheRuleBasedFallbackWhenTheServiceFails() {
        fault("recommendations", "{\"mode\":\"fail\",\"status\":500}");

        Response response = recommend(request("user-fail-1"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("source").asText()).isEqualTo("fallback");
        List<String> plans = response.json().path("recommendations").findValuesAsText("workoutPlanId");
        assertThat(plans).first().isEqualTo("wp-run-45");
        assertThat(response.json().path("recommendations").get(0).path("reason").asText())
                .contains("weight loss");
    }

    @Test
    void shouldAnswerWithinTheBudgetWhenTheServiceIsSlow() {
        fault("recommendations", "{\"mode\":\"slow\",\"delayMillis\":5000}");

        // Token and request are built before the clock starts: only the gateway's time is measured.
        var call = gateway()
                .post("/api/recommendations/workouts", request("user-slow-1"))
                .bearer(tokens.service("coach-app"));

        long started = System.nanoTime();
        Response response = call.send();
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("source").asText()).isEqualTo("fallback");
        assertThat(elapsedMillis).isLessThan(2500);
    }

    @Test
    void shouldServeTheFallbackWhenTheServiceIsDown() {
        fault("recommendations", "{\"mode\":\"down\"}");

        Response response = recommend(request("user-down-1"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("source").asText()).isEqualTo("fallback");
    }

    @Test
    void shouldNeverPassOnAMalformedOversizedOrMisshapenAnswer() {
        for (String user : List.of("sandbox-malformed", "sandbox-oversized", "sandbox-wrong-shape")) {
            Response response = recommend(request(user));

            assertThat(response.status()).as(user).isEqualTo(200);
            assertThat(response.json().path("source").asText()).as(user).isEqualTo("fallback");
            assertThat(response.body()).doesNotContain("padding").hasSizeLessThan(10_000);
        }
    }

    @Test
    void shouldRefuseBadInputWithoutCallingTheService() {
        int before = fake.requests();
        List<String> bad = List.of(
                request("u1").replace("weight_loss", "telekinesis"),
                request("u1").replace("45", "-5"),
                request("u1").replace("\"userId\":\"u1\",", ""),
                request("u1").replace("intermediate", "olympian"),
                request("u1").replace("45", "\"many\""),
                "{\"userId\":\"u1\"",
                "[]",
                "{}");

        for (String body : bad) {
            Response response = recommend(body);

            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        assertThat(fake.requests()).isEqualTo(before);
    }

    @Test
    void shouldRefuseAnOversizedRequestWithoutCallingTheService() {
        int before = fake.requests();
        String huge = request("u1").replace("\"running\"", "\"" + "r".repeat(2 * 1024 * 1024) + "\"");

        Response response = recommend(huge);

        assertThat(response.status()).isEqualTo(413);
        assertThat(fake.requests()).isEqualTo(before);
    }

    @Test
    void shouldRefuseAForgedOrMissingIdentity() {
        Response anonymous =
                gateway().post("/api/recommendations/workouts", request("u1")).send();
        Response forged = gateway()
                .post("/api/recommendations/workouts", request("u1"))
                .bearer("eyJhbGciOiJub25lIn0.eyJzdWIiOiJzZXJ2aWNlOmV2aWwifQ.")
                .send();

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(forged.status()).isEqualTo(401);
    }

    @Test
    void shouldReplayADuplicatedRequestWithTheSameIdempotencyKeyWithoutCallingAgain() {
        int before = fake.requests();

        Response first = gateway()
                .post("/api/recommendations/workouts", request("user-dup-1"))
                .bearer(tokens.service("coach-app"))
                .header("Idempotency-Key", "dup-key-1")
                .send();
        Response second = gateway()
                .post("/api/recommendations/workouts", request("user-dup-1"))
                .bearer(tokens.service("coach-app"))
                .header("Idempotency-Key", "dup-key-1")
                .send();

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(fake.requests()).isEqualTo(before + 1);
    }
}
