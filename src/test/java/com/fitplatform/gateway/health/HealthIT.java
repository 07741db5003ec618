package com.fitplatform.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.health.fitbit.FitbitFake;
import com.fitplatform.gateway.health.fitbit.FitbitSignature;
import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.GatewayIntegrationTest;
import com.fitplatform.gateway.support.Tokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Health end to end: app pushes, the Fitbit webhook, a connection and sync against the fake, and the query API. */
class HealthIT extends GatewayIntegrationTest {

    @Autowired
    Tokens tokens;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @AfterEach
    void healFakes() throws Exception {
        gateway().request("DELETE", "/sandbox/_faults/fitbit", null).send();
        if (!camel.getRouteController().getRouteStatus("health-sync-step").isStarted()) {
            camel.getRouteController().startRoute("health-sync-step");
        }
    }

    private String token() {
        return tokens.service("health-tests");
    }

    private long points(String user) {
        return jdbc.queryForObject("select count(*) from health_metrics where user_id = ?", Long.class, user);
    }

    private static String sample(String uuid, String type, double value, String unit, String start, String end) {
        return "{\"uuid\":\"" + uuid + "\",\"type\":\"" + type + "\",\"value\":" + value + ",\"unit\":\"" + unit
                + "\",\"startDate\":\"" + start + "\",\"endDate\":\"" + end + "\",\"device\":\"Apple Watch\"}";
    }

    @Test
    void shouldStoreDuplicatePushesOnceAndAggregateAsHandComputed() {
        String user = "u-" + UUID.randomUUID();
        String body = "{\"userId\":\"" + user + "\",\"samples\":["
                + sample(
                        UUID.randomUUID().toString(),
                        "HKQuantityTypeIdentifierStepCount",
                        1000,
                        "count",
                        "2026-11-02T08:00:00Z",
                        "2026-11-02T08:30:00Z")
                + ","
                + sample(
                        UUID.randomUUID().toString(),
                        "HKQuantityTypeIdentifierStepCount",
                        2500,
                        "count",
                        "2026-11-02T08:30:00Z",
                        "2026-11-02T09:00:00Z")
                + ","
                + sample(
                        UUID.randomUUID().toString(),
                        "HKQuantityTypeIdentifierStepCount",
                        400,
                        "count",
                        "2026-11-02T13:10:00Z",
                        "2026-11-02T13:20:00Z")
                + ","
                + sample(
                        UUID.randomUUID().toString(),
                        "HKQuantityTypeIdentifierStepCount",
                        700,
                        "count",
                        "2026-11-03T10:00:00Z",
                        "2026-11-03T10:30:00Z")
                + ","
                + sample(
                        UUID.randomUUID().toString(),
                        "HKQuantityTypeIdentifierHeartRate",
                        60,
                        "count/min",
                        "2026-11-02T08:00:00Z",
                        "2026-11-02T08:00:00Z")
                + ","
                + sample(
                        UUID.randomUUID().toString(),
                        "HKQuantityTypeIdentifierHeartRate",
                        90,
                        "count/min",
                        "2026-11-02T08:20:00Z",
                        "2026-11-02T08:20:00Z")
                + ","
                + sample(
                        UUID.randomUUID().toString(),
                        "HKQuantityTypeIdentifierHeartRate",
                        900,
                        "count/min",
                        "2026-11-02T08:40:00Z",
                        "2026-11-02T08:40:00Z")
                + ","
                + sample(
                        UUID.randomUUID().toString(),
                        "HKQuantityTypeIdentifierOxygenSaturation",
                        0.97,
                        "%",
                        "2026-11-02T08:40:00Z",
                        "2026-11-02T08:40:00Z")
                + "]}";

        Response first = gateway()
                .post("/api/health/apple-health/samples", body)
                .bearer(token())
                .send();
        Response second = gateway()
                .post("/api/health/apple-health/samples", body)
                .bearer(token())
                .send();

        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> points(user) == 6
                        && jdbc.queryForObject(
                                        "select count(*) from health_raw_unknown where user_id = ?", Long.class, user)
                                == 1
                        && jdbc.queryForObject(
                                        "select count(*) from health_rejected_point where user_id = ?",
                                        Long.class,
                                        user)
                                == 1);
        JsonNode hourly = gateway()
                .get("/api/health/metrics?userId=" + user
                        + "&metric=steps&from=2026-11-02&to=2026-11-04&granularity=hour")
                .bearer(token())
                .send()
                .json();
        JsonNode daily = gateway()
                .get("/api/health/metrics?userId=" + user
                        + "&metric=steps&from=2026-11-02&to=2026-11-04&granularity=day")
                .bearer(token())
                .send()
                .json();
        JsonNode heart = gateway()
                .get("/api/health/metrics?userId=" + user
                        + "&metric=heart_rate&from=2026-11-02&to=2026-11-03&granularity=day")
                .bearer(token())
                .send()
                .json();
        // Hand-computed: 08:00 hour 1000 + 2500 = 3500, 13:00 hour 400; days 3900 and 700.
        assertThat(hourly.path("points")).hasSize(3);
        assertThat(hourly.path("points").get(0).path("value").asDouble()).isEqualTo(3500);
        assertThat(hourly.path("points").get(1).path("value").asDouble()).isEqualTo(400);
        assertThat(daily.path("points").get(0).path("value").asDouble()).isEqualTo(3900);
        assertThat(daily.path("points").get(1).path("value").asDouble()).isEqualTo(700);
        assertThat(daily.path("points").get(0).path("source").asText()).isEqualTo("apple-health");
        assertThat(heart.path("points").get(0).path("value").asDouble()).isEqualTo(75);
        assertThat(heart.path("points").get(0).path("min").asDouble()).isEqualTo(60);
        assertThat(heart.path("points").get(0).path("max").asDouble()).isEqualTo(90);
    }

    @Test
    void shouldRefuseAMalformedBatchWithTheIndexAndStoreNothing() {
        String user = "u-" + UUID.randomUUID();
        String body = "{\"userId\":\"" + user + "\",\"samples\":["
                + sample(
                        UUID.randomUUID().toString(),
                        "HKQuantityTypeIdentifierStepCount",
                        10,
                        "count",
                        "2026-11-02T08:00:00Z",
                        "2026-11-02T08:30:00Z")
                + ","
                + sample(
                        "not-a-uuid",
                        "HKQuantityTypeIdentifierStepCount",
                        10,
                        "count",
                        "2026-11-02T08:00:00Z",
                        "2026-11-02T08:30:00Z")
                + "]}";

        Response malformed = gateway()
                .post("/api/health/apple-health/samples", body)
                .bearer(token())
                .send();
        Response notJson = gateway()
                .post("/api/health/health-connect/records", "{nope")
                .bearer(token())
                .send();
        Response empty = gateway()
                .post("/api/health/health-connect/records", "{\"userId\":\"" + user + "\",\"records\":[]}")
                .bearer(token())
                .send();

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).contains("application/problem+json");
        assertThat(malformed.json().path("index").asInt()).isEqualTo(1);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(points(user)).isZero();
    }

    @Test
    void shouldVerifyFitbitSubscriberAndRefuseForgedNotifications() {
        String body =
                "[{\"collectionType\":\"activities\",\"date\":\"2026-11-01\",\"ownerId\":\"NOBODY\",\"ownerType\":\"user\",\"subscriptionId\":\"1\"}]";
        String signature = FitbitSignature.sign("sandbox-fitbit-secret", body.getBytes(StandardCharsets.UTF_8));

        assertThat(gateway()
                        .get("/webhooks/fitbit?verify=sandbox-fitbit-verify")
                        .send()
                        .status())
                .isEqualTo(204);
        assertThat(gateway().get("/webhooks/fitbit?verify=wrong").send().status())
                .isEqualTo(404);
        assertThat(gateway()
                        .post("/webhooks/fitbit", body)
                        .header("X-Fitbit-Signature", "Zm9yZ2Vk")
                        .send()
                        .status())
                .isEqualTo(401);
        assertThat(gateway().post("/webhooks/fitbit", body).send().status()).isEqualTo(401);
        assertThat(gateway()
                        .post("/webhooks/fitbit", body)
                        .header("X-Fitbit-Signature", signature)
                        .send()
                        .status())
                .isEqualTo(204);
    }

    /** Connects a new user to the Fitbit fake the way the app does; returns the Fitbit owner id. */
    private String connectFitbit(String user) {
        return connect(user, "fitbit");
    }

    /** Connects a new user to a provider's fake the way the app does; returns the provider's user id. */
    private String connect(String user, String provider) {
        JsonNode start = gateway()
                .get("/api/health/connect/" + provider + "/authorize?userId=" + user)
                .bearer(token())
                .send()
                .json();
        String url = start.path("authorizationUrl").asText();
        Response consent =
                gateway().get(url.substring(url.indexOf("/sandbox/"))).send();
        String query = URI.create(consent.header("Location")).getRawQuery();
        Response callback = gateway()
                .get("/api/health/connect/" + provider + "/callback?" + query)
                .bearer(token())
                .send();
        Response replayed = gateway()
                .get("/api/health/connect/" + provider + "/callback?" + query)
                .bearer(token())
                .send();
        assertThat(callback.status()).as(callback.toString()).isEqualTo(200);
        assertThat(replayed.status()).isEqualTo(400);
        return jdbc.queryForObject(
                "select provider_user_id from health_connection where user_id = ? and provider = ?",
                String.class,
                user,
                provider);
    }

    private JsonNode startSync(String user, String mode) {
        return startSync(user, "fitbit", mode);
    }

    private JsonNode startSync(String user, String provider, String mode) {
        Response accepted = gateway()
                .post(
                        "/api/health/sync",
                        "{\"userId\":\"" + user + "\",\"provider\":\"" + provider + "\",\"mode\":\"" + mode + "\"}")
                .bearer(token())
                .send();
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json();
    }

    private JsonNode job(String id) {
        return gateway().get("/api/health/sync/" + id).bearer(token()).send().json();
    }

    @Test
    void shouldSyncNinetyDaysFromTheFakeOnceEvenWhenSyncedAgain() {
        String user = "u-" + UUID.randomUUID();
        String owner = connectFitbit(user);
        assertThat(jdbc.queryForObject(
                        "select access_token from health_connection where user_id = ?", String.class, user))
                .startsWith("sandbox-1:")
                .doesNotContain("fb-at-");

        String jobId = startSync(user, "initial").path("jobId").asText();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> job(jobId).path("state").asText().equals("completed"));
        JsonNode done = job(jobId);
        assertThat(done.path("percent").asInt()).isEqualTo(100);
        assertThat(done.path("daysTotal").asInt()).isEqualTo(90);
        assertThat(done.path("coverage").path("daysObtained").asInt()).isEqualTo(90);
        long stored = points(user);
        assertThat(stored).isGreaterThan(90 * 6);
        String again = startSync(user, "initial").path("jobId").asText();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> job(again).path("state").asText().equals("completed"));
        assertThat(points(user)).isEqualTo(stored);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long expected = 0;
        for (LocalDate day = today.minusDays(6); !day.isAfter(today); day = day.plusDays(1)) {
            expected += FitbitFake.steps(owner, day);
        }
        JsonNode week = gateway()
                .get("/api/health/metrics?userId=" + user + "&metric=steps&from=" + today.minusDays(6) + "&to="
                        + today.plusDays(1) + "&granularity=day")
                .bearer(token())
                .send()
                .json();
        assertThat(week.path("points").findValues("value").stream()
                        .mapToDouble(JsonNode::asDouble)
                        .sum())
                .isEqualTo(expected);
    }

    @Test
    void shouldWaitForTheRateLimitResetInsteadOfFailing() {
        String user = "u-" + UUID.randomUUID();
        String owner = connectFitbit(user);
        gateway()
                .request("PUT", "/sandbox/fitbit/_rate-limit/" + owner, "{\"remaining\":0,\"resetSeconds\":3}")
                .header("Content-Type", "application/json")
                .send();

        String jobId = startSync(user, "initial").path("jobId").asText();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> job(jobId).path("state").asText().equals("waiting_rate_limit"));
        assertThat(job(jobId).path("stateReason").asText()).isEqualTo("rate_limit");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> job(jobId).path("state").asText().equals("completed"));
        assertThat(job(jobId).path("percent").asInt()).isEqualTo(100);
    }

    @Test
    void shouldResumeAnInterruptedSyncWithoutDuplicates() throws Exception {
        String user = "u-" + UUID.randomUUID();
        connectFitbit(user);
        gateway()
                .request("PUT", "/sandbox/_faults/fitbit", "{\"mode\":\"down\"}")
                .header("Content-Type", "application/json")
                .send();

        String jobId = startSync(user, "initial").path("jobId").asText();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> job(jobId).path("state").asText().equals("paused"));
        camel.getRouteController().stopRoute("health-sync-step");
        gateway().request("DELETE", "/sandbox/_faults/fitbit", null).send();
        camel.getRouteController().startRoute("health-sync-step");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> job(jobId).path("state").asText().equals("completed"));
        assertThat(job(jobId).path("percent").asInt()).isEqualTo(100);
        assertThat(jdbc.queryForObject(
                        "select count(*) from health_metrics where user_id = ? and metric = 'steps'", Long.class, user))
                .isEqualTo(90);
    }

    @Test
    void shouldSyncGoogleFitAggregatesAndDisconnectWithRevocation() {
        String user = "u-" + UUID.randomUUID();
        connect(user, "google-fit");

        String jobId = startSync(user, "google-fit", "initial").path("jobId").asText();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> job(jobId).path("state").asText().equals("completed"));
        assertThat(jdbc.queryForObject(
                        "select count(*) from health_metrics where user_id = ? and metric = 'steps' and provider = 'google-fit'",
                        Long.class,
                        user))
                .isEqualTo(90);
        Response disconnected = gateway()
                .request("DELETE", "/api/health/connections/google-fit?userId=" + user, null)
                .bearer(token())
                .send();
        assertThat(disconnected.status()).isEqualTo(200);
        assertThat(disconnected.json().path("revokedAtProvider").asBoolean()).isTrue();
        assertThat(gateway()
                        .post("/api/health/sync", "{\"userId\":\"" + user + "\",\"provider\":\"google-fit\"}")
                        .bearer(token())
                        .send()
                        .status())
                .isEqualTo(409);
    }

    @Test
    void shouldAnswerGarminPingAtOnceAndPullTheCallbackLater() {
        String user = "u-" + UUID.randomUUID();
        String garminUser = connect(user, "garmin");
        long now = java.time.Instant.now().getEpochSecond();
        String callback =
                "http://127.0.0.1:" + PORT + "/sandbox/garmin/wellness-api/rest/dailies?uploadStartTimeInSeconds="
                        + (now - 3600) + "&uploadEndTimeInSeconds=" + now + "&token=ping";
        String ping = "{\"dailies\":[{\"userId\":\"" + garminUser + "\",\"callbackURL\":\"" + callback + "\"}]}";

        Response wrongClient = gateway()
                .post("/webhooks/garmin", ping)
                .header("garmin-client-id", "someone-else")
                .send();
        Response accepted = gateway()
                .post("/webhooks/garmin", ping)
                .header("garmin-client-id", "sandbox-garmin-client")
                .send();
        Response pushed = gateway()
                .post(
                        "/webhooks/garmin",
                        "{\"dailies\":[{\"userId\":\"" + garminUser + "\",\"summaryId\":\"p1\","
                                + "\"calendarDate\":\"2026-10-01\",\"steps\":4321,\"startTimeInSeconds\":1790809200,\"startTimeOffsetInSeconds\":3600,"
                                + "\"durationInSeconds\":86400}]}")
                .header("garmin-client-id", "sandbox-garmin-client")
                .send();

        assertThat(wrongClient.status()).isEqualTo(401);
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(pushed.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from health_metrics where user_id = ? and metric = 'steps' and provider = 'garmin'",
                                Long.class,
                                user)
                        == 2);
    }
}
