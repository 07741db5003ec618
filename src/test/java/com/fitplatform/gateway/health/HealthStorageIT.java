package com.fitplatform.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fitplatform.gateway.health.store.HealthMetricsStorageMigration;
import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.GatewayIntegrationTest;
import com.fitplatform.gateway.support.Tokens;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** How health_metrics is stored: the storage chosen against the real database, the straight copy and the merge's versioning. */
class HealthStorageIT extends GatewayIntegrationTest {

    @Autowired
    Tokens tokens;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldKeepNativePartitionsWhenTimescaleIsNotAvailable() {
        Boolean available = jdbc.queryForObject(
                "select exists (select 1 from pg_available_extensions where name = 'timescaledb')", Boolean.class);

        assertThat(available).as("the embedded PostgreSQL has no TimescaleDB").isFalse();
        assertThat(jdbc.queryForObject("select success from flyway_schema_history where version = '7'", Boolean.class))
                .isTrue();
        assertThat(jdbc.queryForObject(
                        "select relkind::text from pg_class where relname = 'health_metrics'", String.class))
                .as("partitioned table")
                .isEqualTo("p");
        assertThat(jdbc.queryForObject("select obj_description('health_metrics'::regclass)", String.class))
                .isEqualTo(HealthMetricsStorageMigration.STORAGE_COMMENT_PREFIX + "native partitions by month");
        assertThat(jdbc.queryForObject(
                        "select count(*) from pg_inherits where inhparent = 'health_metrics'::regclass", Long.class))
                .isGreaterThanOrEqualTo(4);
        assertThat(jdbc.queryForObject("select count(*) from pg_extension where extname = 'timescaledb'", Long.class))
                .isZero();
    }

    @Test
    void shouldKeepTheNewerVersionWhenOneBatchCarriesARecordTwice() {
        String user = "u-" + UUID.randomUUID();
        String twice = "hc-" + UUID.randomUUID();
        String single = "hc-" + UUID.randomUUID();

        // The record twice in one batch refuses the straight copy; the merge keeps the newer version.
        assertThat(push(batch(
                                user,
                                steps(twice, 300, "2026-10-20T12:00:00Z", "Band 7"),
                                steps(single, 42, "2026-10-20T11:05:00Z", "Band 7"),
                                steps(twice, 100, "2026-10-20T11:05:00Z", "Band 6")))
                        .status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(user) == 2);

        assertThat(value(user, twice)).isEqualTo(300);
        assertThat(value(user, single)).isEqualTo(42);
        assertThat(jdbc.queryForObject(
                        "select count(*) from health_rejected_point where user_id = ?", Long.class, user))
                .isZero();
    }

    private static String batch(String user, String... records) {
        return "{\"userId\":\"" + user + "\",\"historyPermission\":true,\"records\":[" + String.join(",", records)
                + "]}";
    }

    private static String steps(String id, int count, String modified, String model) {
        return "{\"recordType\":\"StepsRecord\",\"count\":" + count
                + ",\"startTime\":\"2026-10-20T10:00:00Z\",\"endTime\":\"2026-10-20T11:00:00Z\","
                + "\"metadata\":{\"id\":\"" + id + "\",\"lastModifiedTime\":\"" + modified + "\","
                + "\"device\":{\"manufacturer\":\"Acme\",\"model\":\"" + model + "\"}}}";
    }

    private Response push(String body) {
        return gateway()
                .post("/api/health/health-connect/records", body)
                .bearer(tokens.service("health-tests"))
                .send();
    }

    private double value(String user, String id) {
        return jdbc.queryForObject(
                "select value from health_metrics where user_id = ? and source_record_id = ?", Double.class, user, id);
    }

    private long rows(String user) {
        return jdbc.queryForObject("select count(*) from health_metrics where user_id = ?", Long.class, user);
    }

    @Test
    void shouldReplaceARecordOnlyWithANewerVersion() {
        String user = "u-" + UUID.randomUUID();
        String id = "hc-" + UUID.randomUUID();
        // Tab, backslash and newline must survive COPY's text format, also after a non-ASCII letter.
        String awkwardModel = "Band\\\\ 7\\tPro\\nEdition – Ünï\\tcode";

        assertThat(push(batch(user, steps(id, 100, "2026-10-20T11:05:00Z", "Band 6")))
                        .status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(user) == 1);
        assertThat(push(batch(user, steps(id, 250, "2026-10-20T12:00:00Z", awkwardModel)))
                        .status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> value(user, id) == 250);
        String marker = "hc-" + UUID.randomUUID();
        // The stale version travels with a marker in one batch: once the marker is stored, so was the batch.
        assertThat(push(batch(
                                user,
                                steps(id, 100, "2026-10-20T11:05:00Z", "Band 6"),
                                steps(marker, 1, "2026-10-20T11:05:00Z", "Band 6")))
                        .status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(user) == 2);

        Map<String, Object> row = jdbc.queryForMap(
                "select value, device from health_metrics where user_id = ? and source_record_id = ?", user, id);
        assertThat(((Number) row.get("value")).doubleValue())
                .as("the stale version did not win")
                .isEqualTo(250);
        assertThat(row.get("device")).isEqualTo("Acme Band\\ 7\tPro\nEdition – Ünï\tcode");
    }
}
