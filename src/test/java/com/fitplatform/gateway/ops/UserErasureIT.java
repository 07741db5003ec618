package com.fitplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.common.security.GatewayTokens;
import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.GatewayIntegrationTest;
import com.fitplatform.gateway.support.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Erasure and export across every PersonalDataHolder present. The scan covers every text, JSON and
 * binary column of every table, so it keeps holding as areas (and their holders) are merged.
 */
class UserErasureIT extends GatewayIntegrationTest {

    /**
     * Where the bare user id (no personal data with it) may stay after erasure: the events about
     * the user (ids only; consumers erase their own copies on user.erased) and the audit rows of
     * the export and erasure calls, whose path names the user (purged with the audit after 90 days).
     */
    private static final List<String> KEPT_USER_ID_REFERENCES =
            List.of("integration_audit.operation", "outbox_event.aggregate_id", "outbox_event.payload");

    @Autowired
    Tokens tokens;

    @Autowired
    GatewayTokens gatewayTokens;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldEraseEveryTraceOfTheUserAndExportEverythingBefore() {
        String userId = "user-" + UUID.randomUUID();
        String email = "erase." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String name = "Zelda Erasable" + UUID.randomUUID().toString().substring(0, 6);
        // The user's own call whose stored answer (idempotency) echoes their email and name.
        Response echoed = gateway()
                .post("/api/probes/echo", "{\"email\":\"" + email + "\",\"name\":\"" + name + "\"}")
                .bearer(userToken(userId))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .send();
        assertThat(echoed.status()).as(echoed.toString()).isEqualTo(200);
        assertThat(tablesContaining(email)).isNotEmpty();

        Response export = gateway()
                .get("/api/users/" + userId + "/export")
                .bearer(tokens.ops())
                .send();
        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        assertThat(export.body()).contains(email).contains(name);
        assertThat(export.json().path("areas").path("gateway").path("storedAnswers"))
                .hasSize(1);
        Response ownExport = gateway()
                .get("/api/users/" + userId + "/export")
                .bearer(userToken(userId))
                .send();
        assertThat(ownExport.status()).isEqualTo(200);

        Response erased = gateway()
                .request("DELETE", "/api/users/" + userId, null)
                .bearer(tokens.service("privacy", "users:erase"))
                .send();

        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        JsonNode record = erased.json();
        assertThat(record.path("areas").path("gateway").path("storedAnswers").asInt())
                .isEqualTo(1);
        assertThat(tablesContaining(email)).isEmpty();
        assertThat(tablesContaining(name)).isEmpty();
        assertThat(jdbc.queryForObject(
                        "select count(*) from user_erasure where user_id_hash = ? and requested_by = 'service:privacy'",
                        Long.class,
                        record.path("userIdHash").asText()))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "select count(*) from user_erasure where areas::text like ?", Long.class, "%" + userId + "%"))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "select count(*) from outbox_event where event_type = 'user.erased' and aggregate_id = ?",
                        Long.class,
                        userId))
                .isEqualTo(1);
        JsonNode after = gateway()
                .get("/api/users/" + userId + "/export")
                .bearer(tokens.ops())
                .send()
                .json();
        assertThat(after.toString()).doesNotContain(email).doesNotContain(name);
        assertThat(after.path("erasures")).hasSize(1);
    }

    @Test
    void shouldEraseTheUserFromEveryAreaAndLeaveNoPersonalDataInAnyTable() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String email = "every.area." + marker + "@example.org";
        String name = "Zelda Everywhere " + marker;
        String device = "Zelda's Watch " + marker;
        String sampleId = UUID.randomUUID().toString();
        // auth: an account with a password identity
        Response registered = gateway()
                .post("/api/auth/register", "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}")
                .header("X-Forwarded-For", "10.99." + (marker.hashCode() & 0xff) + ".7")
                .send();
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        String userId = registered.json().path("userId").asText();
        // gateway: the user's own idempotent call, whose stored answer echoes their name
        Response echoed = gateway()
                .post("/api/probes/echo", "{\"name\":\"" + name + "\"}")
                .bearer(registered.json().path("accessToken").asText())
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .send();
        assertThat(echoed.status()).as(echoed.toString()).isEqualTo(200);
        // health: one HealthKit sample from a named device
        Response pushed = gateway()
                .post(
                        "/api/health/apple-health/samples",
                        "{\"userId\":\"" + userId + "\",\"samples\":[{\"uuid\":\"" + sampleId
                                + "\",\"type\":\"HKQuantityTypeIdentifierStepCount\",\"value\":1234,\"unit\":\"count\","
                                + "\"startDate\":\"2026-11-02T08:00:00Z\",\"endDate\":\"2026-11-02T08:30:00Z\","
                                + "\"device\":\"" + device + "\"}]}")
                .bearer(tokens.service("health-app"))
                .send();
        assertThat(pushed.status()).as(pushed.toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !tablesContaining(sampleId).isEmpty());
        // payments: a subscription in the user's name
        Response subscribed = gateway()
                .post(
                        "/api/subscriptions",
                        "{\"userId\":\"" + userId + "\",\"plan\":\"premium-monthly\",\"amount\":999,"
                                + "\"currency\":\"USD\",\"region\":\"US\"}")
                .bearer(tokens.service("billing"))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .send();
        assertThat(subscribed.status()).as(subscribed.toString()).isEqualTo(202);
        String subscriptionId = subscribed.json().path("subscriptionId").asText();
        assertThat(tablesContaining(email)).isNotEmpty();
        assertThat(tablesContaining(device)).isNotEmpty();

        Response export = gateway()
                .get("/api/users/" + userId + "/export")
                .bearer(tokens.ops())
                .send();

        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        assertThat(export.body())
                .contains(email)
                .contains(name)
                .contains(device)
                .contains(sampleId)
                .contains(subscriptionId);

        Response erased = gateway()
                .request("DELETE", "/api/users/" + userId, null)
                .bearer(tokens.ops())
                .send();

        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        for (String personal : List.of(email, name, device, sampleId)) {
            assertThat(tablesContaining(personal)).as(personal).isEmpty();
        }
        assertThat(tablesContaining(userId))
                .as("the user id outside the references kept on purpose")
                .isSubsetOf(KEPT_USER_ID_REFERENCES);
        assertThat(jdbc.queryForList(
                        "select operation from integration_audit where operation like '%' || ? || '%'",
                        String.class, userId))
                .allSatisfy(operation -> assertThat(operation).contains(" /api/users/" + userId));
        JsonNode subscription = gateway()
                .get("/api/subscriptions/" + subscriptionId)
                .bearer(tokens.service("billing"))
                .send()
                .json();
        assertThat(subscription.path("attempts")).hasSize(1);
        String after = gateway()
                .get("/api/users/" + userId + "/export")
                .bearer(tokens.ops())
                .send()
                .body();
        assertThat(after).doesNotContain(email).doesNotContain(name).doesNotContain(device);
    }

    @Test
    void shouldRefuseErasureWithoutTheScopeAndMalformedUserIds() {
        assertThat(gateway()
                        .request("DELETE", "/api/users/someone", null)
                        .bearer(tokens.service("tests"))
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(gateway()
                        .request("DELETE", "/api/users/someone", null)
                        .send()
                        .status())
                .isEqualTo(401);
        assertThat(gateway()
                        .request("DELETE", "/api/users/someone", null)
                        .bearer(userToken("someone"))
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(gateway()
                        .get("/api/users/someone/export")
                        .bearer(userToken("someone-else"))
                        .send()
                        .status())
                .isEqualTo(403);
        String tooLong = "u".repeat(129);
        assertThat(gateway()
                        .request("DELETE", "/api/users/" + tooLong, null)
                        .bearer(tokens.ops())
                        .send()
                        .status())
                .isEqualTo(400);
        assertThat(gateway()
                        .request("DELETE", "/api/users/%27%3B%20drop", null)
                        .bearer(tokens.ops())
                        .send()
                        .status())
                .isEqualTo(400);
    }

    private String userToken(String userId) {
        return gatewayTokens.issue(userId, List.of("user"), List.of(), Duration.ofMinutes(10), Map.of());
    }

    /** Every table.column (text, JSON or bytes) holding {@code marker}, across the whole schema. */
    private List<String> tablesContaining(String marker) {
        List<String> hits = new ArrayList<>();
        List<Map<String, Object>> columns =
                jdbc.queryForList("select table_name, column_name, data_type from information_schema.columns"
                        + " where table_schema = 'public' and table_name <> 'flyway_schema_history'"
                        + " and data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'bytea')");
        for (Map<String, Object> column : columns) {
            String table = (String) column.get("table_name");
            String name = (String) column.get("column_name");
            String condition = "bytea".equals(column.get("data_type"))
                    ? "position(convert_to(?, 'UTF8') in \"" + name + "\") > 0"
                    : "\"" + name + "\"::text like '%' || ? || '%'";
            Long count = jdbc.queryForObject(
                    "select count(*) from \"" + table + "\" where " + condition, Long.class, marker);
            if (count != null && count > 0) {
                hits.add(table + "." + name);
            }
        }
        return hits;
    }
}
