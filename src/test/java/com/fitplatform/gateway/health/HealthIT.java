package com.fitplatform.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.health.connect.TokenCipher;
import com.fitplatform.gateway.health.fitbit.FitbitFake;
import com.fitplatform.gateway.health.fitbit.FitbitSignature;
import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.GatewayIntegrationTest;
import com.fitplatform.gateway.support.Tokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
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

    @Autowired
    TokenCipher cipher;

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
                        "HKQuantityTypeIdentifierStepCount",
                        -50,
                        "count",
                        "2026-11-02T08:45:00Z",
                        "2026-11-02T08:50:00Z")
                + ","
                + sample(
                        UUID.randomUUID().toString(),
                        "HKQuantityTypeIdentifierOxygenSaturation",
                        0.97,
                        "%",
                        "2026-11-02T08:40:00Z",
                        "2026-11-02T08:40:00Z")
                + "]}";
        // The same morning from the phone's Health Connect: lower in the default priority, so not used.
        String android = "{\"userId\":\"" + user
                + "\",\"historyPermission\":true,\"records\":[{\"recordType\":\"StepsRecord\","
                + "\"count\":9999,\"startTime\":\"2026-11-02T08:00:00Z\",\"endTime\":\"2026-11-02T09:00:00Z\","
                + "\"metadata\":{\"id\":\"hc-" + UUID.randomUUID() + "\",\"lastModifiedTime\":\"2026-11-02T09:05:00Z\","
                + "\"device\":{\"manufacturer\":\"Google\",\"model\":\"Pixel 8\"}}}]}";

        Response first = gateway()
                .post("/api/health/apple-health/samples", body)
                .bearer(token())
                .send();
        Response second = gateway()
                .post("/api/health/apple-health/samples", body)
                .bearer(token())
                .send();

        Response fromAndroid = gateway()
                .post("/api/health/health-connect/records", android)
                .bearer(token())
                .send();

        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(fromAndroid.status()).as(fromAndroid.toString()).isEqualTo(202);
        assertThat(first.json().path("accepted").asInt()).isEqualTo(9);
        assertThat(first.json().path("unknownTypes").path("types").get(0).asText())
                .isEqualTo("HKQuantityTypeIdentifierOxygenSaturation");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> points(user) == 7
                        && jdbc.queryForObject(
                                        "select count(*) from health_raw_unknown where user_id = ?", Long.class, user)
                                == 1
                        && jdbc.queryForObject(
                                        "select count(*) from health_rejected_point where user_id = ?",
                                        Long.class,
                                        user)
                                == 2);
        assertThat(jdbc.queryForList(
                        "select reason from health_rejected_point where user_id = ? order by metric",
                        String.class,
                        user))
                .containsExactly("heart_rate 900.0 bpm outside 20.0..300.0", "steps -50.0 count outside 0.0..200000.0");
        assertThat(jdbc.queryForObject("select type from health_raw_unknown where user_id = ?", String.class, user))
                .isEqualTo("HKQuantityTypeIdentifierOxygenSaturation");
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
        assertThat(daily.path("points").get(0).path("otherSources"))
                .extracting(JsonNode::asText)
                .containsExactly("health-connect");
        assertThat(daily.path("sourceSelection")
                        .path("used")
                        .path("apple-health")
                        .asInt())
                .isEqualTo(2);
        assertThat(daily.path("sourceSelection").path("reason").asText())
                .contains("first in the configured priority")
                .contains("[apple-health, health-connect, garmin, fitbit, google-fit]");
        JsonNode androidOnly = gateway()
                .get("/api/health/metrics?userId=" + user
                        + "&metric=steps&from=2026-11-02&to=2026-11-03&granularity=day&source=health-connect")
                .bearer(token())
                .send()
                .json();
        assertThat(androidOnly.path("points").get(0).path("value").asDouble()).isEqualTo(9999);
        assertThat(androidOnly.path("sourceSelection").path("reason").asText())
                .isEqualTo("source requested: health-connect");
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

        Instant requested = Instant.now();
        String jobId = startSync(user, "initial").path("jobId").asText();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> job(jobId).path("state").asText().equals("waiting_rate_limit"));
        JsonNode waiting = job(jobId);
        assertThat(waiting.path("stateReason").asText()).isEqualTo("rate_limit");
        // Fitbit-Rate-Limit-Reset said 3 s: the next step is scheduled for then, not retried at once.
        assertThat(Instant.parse(waiting.path("resumesAt").asText())).isAfter(requested.plusSeconds(2));
        assertThat(waiting.path("daysDone").asInt()).isZero();
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

    private long steps(String user) {
        return jdbc.queryForObject(
                "select count(*) from health_metrics where user_id = ? and metric = 'steps'", Long.class, user);
    }

    private LocalDate lastSynced(String user, String provider) {
        return jdbc.queryForObject(
                        "select last_synced_day from health_connection where user_id = ? and provider = ?",
                        Date.class,
                        user,
                        provider)
                .toLocalDate();
    }

    @Test
    void shouldSyncIncrementallyFromTheLastSyncedDay() {
        String user = "u-" + UUID.randomUUID();
        String owner = connectFitbit(user);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // As if the last sync had run four days ago.
        jdbc.update(
                "update health_connection set last_synced_day = ? where user_id = ?",
                Date.valueOf(today.minusDays(4)),
                user);

        JsonNode started = startSync(user, "incremental");
        String jobId = started.path("jobId").asText();

        assertThat(started.path("from").asText()).isEqualTo(today.minusDays(4).toString());
        assertThat(started.path("to").asText()).isEqualTo(today.toString());
        assertThat(started.path("daysTotal").asInt()).isEqualTo(5);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> job(jobId).path("state").asText().equals("completed"));
        assertThat(steps(user)).isEqualTo(5);
        assertThat(lastSynced(user, "fitbit")).isEqualTo(today);
        long expected = 0;
        for (LocalDate day = today.minusDays(4); !day.isAfter(today); day = day.plusDays(1)) {
            expected += FitbitFake.steps(owner, day);
        }
        assertThat(jdbc.queryForObject(
                        "select sum(value) from health_metrics where user_id = ? and metric = 'steps'",
                        Double.class,
                        user))
                .isEqualTo((double) expected);
        JsonNode again = startSync(user, "incremental");
        assertThat(again.path("from").asText()).isEqualTo(today.toString());
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        job(again.path("jobId").asText()).path("state").asText().equals("completed"));
        assertThat(steps(user)).isEqualTo(5);
    }

    @Test
    void shouldRunTheDailyIncrementalSyncOfEveryConnectionOnce() throws Exception {
        String first = "u-" + UUID.randomUUID();
        String second = "u-" + UUID.randomUUID();
        connectFitbit(first);
        connect(second, "google-fit");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        jdbc.update(
                "update health_connection set last_synced_day = ? where user_id in (?, ?)",
                Date.valueOf(today.minusDays(2)),
                first,
                second);
        Scheduler quartz = camel.getComponent("quartz", QuartzComponent.class).getScheduler();
        JobKey daily = JobKey.jobKey("health-sync-daily", "gateway");

        // Two firings of the same day's trigger, as two instances would fire it.
        quartz.triggerJob(daily);
        quartz.triggerJob(daily);

        await().atMost(Duration.ofSeconds(90))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from health_sync_job where user_id in (?, ?) and state = 'completed'",
                                Long.class,
                                first,
                                second)
                        == 2);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from health_sync_job where user_id in (?, ?)",
                                Long.class,
                                first,
                                second)
                        == 2);
        assertThat(jdbc.queryForObject(
                        "select count(*) from job_run where job_name = 'health-daily-sync' and run_key = ?",
                        Long.class,
                        today.toString()))
                .isEqualTo(1);
        for (Map<String, Object> job : jdbc.queryForList(
                "select mode, from_day, to_day from health_sync_job where user_id in (?, ?)", first, second)) {
            assertThat(job.get("mode")).isEqualTo("incremental");
            assertThat(job.get("from_day").toString())
                    .isEqualTo(today.minusDays(2).toString());
            assertThat(job.get("to_day").toString()).isEqualTo(today.toString());
        }
        assertThat(steps(first)).isEqualTo(3);
        assertThat(steps(second)).isEqualTo(3);
        assertThat(lastSynced(first, "fitbit")).isEqualTo(today);
        assertThat(lastSynced(second, "google-fit")).isEqualTo(today);
    }

    @Test
    void shouldRefreshTheAccessTokenBeforeItExpires() {
        String user = "u-" + UUID.randomUUID();
        connectFitbit(user);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // Two minutes left: inside the five-minute refresh-before-expiry window, not yet expired.
        jdbc.update(
                "update health_connection set expires_at = now() + interval '2 minutes', last_synced_day = ?"
                        + " where user_id = ?",
                Date.valueOf(today),
                user);
        Map<String, Object> before =
                jdbc.queryForMap("select access_token, refresh_token from health_connection where user_id = ?", user);

        String refreshed = startSync(user, "incremental").path("jobId").asText();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> job(refreshed).path("state").asText().equals("completed"));
        Map<String, Object> after = jdbc.queryForMap(
                "select access_token, refresh_token, expires_at, status from health_connection where user_id = ?",
                user);
        String untouched = startSync(user, "incremental").path("jobId").asText();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> job(untouched).path("state").asText().equals("completed"));

        assertThat(after.get("status")).isEqualTo("connected");
        assertThat(cipher.decrypt((String) after.get("access_token")))
                .startsWith("fb-at-")
                .isNotEqualTo(cipher.decrypt((String) before.get("access_token")));
        assertThat(cipher.decrypt((String) after.get("refresh_token")))
                .startsWith("fb-rt-")
                .isNotEqualTo(cipher.decrypt((String) before.get("refresh_token")));
        assertThat(((Timestamp) after.get("expires_at")).toInstant())
                .isAfter(Instant.now().plus(Duration.ofHours(7)));
        assertThat(jdbc.queryForObject(
                        "select access_token from health_connection where user_id = ?", String.class, user))
                .as("a token far from expiry is used as it is")
                .isEqualTo(after.get("access_token"));
    }

    private long tokenRefreshCalls() {
        return jdbc.queryForObject(
                "select count(*) from integration_audit where direction = 'OUTBOUND' and service = 'fitbit'"
                        + " and operation = 'token-refresh'",
                Long.class);
    }

    @Test
    void shouldRefreshOnceWhenTheProviderRefusesTheAccessTokenBeforeItsExpiry() {
        String user = "u-" + UUID.randomUUID();
        connectFitbit(user);
        // Fitbit no longer knows this access token, though its stated expiry is an hour away.
        jdbc.update(
                "update health_connection set access_token = ?, expires_at = now() + interval '1 hour',"
                        + " last_synced_day = current_date - 3 where user_id = ?",
                cipher.encrypt("fb-at-rotated-elsewhere"),
                user);
        long refreshesBefore = tokenRefreshCalls();

        String jobId = startSync(user, "incremental").path("jobId").asText();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> job(jobId).path("state").asText().equals("completed"));
        JsonNode completed = job(jobId);
        assertThat(completed.path("coverage").path("gaps").size())
                .as(completed.toString())
                .isZero();
        assertThat(completed.path("pointsStored").asLong()).isPositive();
        assertThat(tokenRefreshCalls()).isEqualTo(refreshesBefore + 1);
        assertThat(jdbc.queryForObject("select status from health_connection where user_id = ?", String.class, user))
                .isEqualTo("connected");
    }

    @Test
    void shouldAskForReconsentWhenTheRefreshTokenIsRefusedAndStopTrying() {
        String user = "u-" + UUID.randomUUID();
        connectFitbit(user);
        jdbc.update(
                "update health_connection set expires_at = now() - interval '1 minute', refresh_token = ?,"
                        + " last_synced_day = current_date - 3 where user_id = ?",
                cipher.encrypt("fb-rt-revoked-by-the-user"),
                user);
        long refreshesBefore = tokenRefreshCalls();

        String jobId = startSync(user, "incremental").path("jobId").asText();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> job(jobId).path("state").asText().equals("failed"));
        JsonNode failed = job(jobId);
        assertThat(failed.path("stateReason").asText()).isEqualTo("needs_reconsent");
        assertThat(failed.path("coverage").path("gaps").get(0).path("reason").asText())
                .isEqualTo("needs_reconsent");
        Map<String, Object> connection = jdbc.queryForMap(
                "select status, access_token, refresh_token from health_connection where user_id = ?", user);
        assertThat(connection.get("status")).isEqualTo("needs_reconsent");
        assertThat(connection.get("access_token")).isNull();
        assertThat(connection.get("refresh_token")).isNull();
        // One refused refresh, and no retry of it afterwards: the job stopped, new syncs are refused.
        await().atMost(Duration.ofSeconds(5)).until(() -> tokenRefreshCalls() == refreshesBefore + 1);
        Response refused = gateway()
                .post(
                        "/api/health/sync",
                        "{\"userId\":\"" + user + "\",\"provider\":\"fitbit\",\"mode\":\"incremental\"}")
                .bearer(token())
                .send();
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).contains("application/problem+json");
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(6))
                .until(() -> tokenRefreshCalls() == refreshesBefore + 1);
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
    void shouldRevokeTheProviderTokensWhenTheUserIsErased() throws Exception {
        String user = "u-" + UUID.randomUUID();
        connect(user, "google-fit");
        String accessToken = cipher.decrypt(jdbc.queryForObject(
                "select access_token from health_connection where user_id = ? and provider = 'google-fit'",
                String.class,
                user));
        long day = LocalDate.now(ZoneOffset.UTC)
                .minusDays(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .toEpochMilli();
        String aggregate = "{\"aggregateBy\":[{\"dataTypeName\":\"com.google.step_count.delta\"}],"
                + "\"bucketByTime\":{\"durationMillis\":86400000},\"startTimeMillis\":" + day
                + ",\"endTimeMillis\":" + (day + 86_400_000L) + "}";
        String aggregateUrl = "/sandbox/google-fit/fitness/v1/users/me/dataset:aggregate";
        assertThat(gateway()
                        .post(aggregateUrl, aggregate)
                        .bearer(accessToken)
                        .send()
                        .status())
                .isEqualTo(200);

        Response erased = gateway()
                .request("DELETE", "/api/users/" + user, null)
                .bearer(tokens.ops())
                .send();

        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        assertThat(erased.json()
                        .path("areas")
                        .path("health")
                        .path("providerTokenRevocations")
                        .asInt())
                .isEqualTo(1);
        // Google Fit itself no longer accepts the token the gateway held.
        assertThat(gateway()
                        .post(aggregateUrl, aggregate)
                        .bearer(accessToken)
                        .send()
                        .status())
                .isEqualTo(401);
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
