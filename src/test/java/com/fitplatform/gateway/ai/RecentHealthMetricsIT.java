package com.fitplatform.gateway.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fitplatform.gateway.ai.recommendations.RecommendationsSandbox;
import com.fitplatform.gateway.support.GatewayClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A request without recentMetrics is filled from the health module's stored metrics. The health
 * module is built on another branch: this test creates a stand-in table only when none exists.
 */
class RecentHealthMetricsIT extends AiTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RecentHealthMetrics metrics;

    @Autowired
    RecommendationsSandbox fake;

    @Test
    void shouldForwardNoMetricsWhenNoneAreStored() {
        recommend(withoutMetrics("user-no-metrics"));

        assertThat(fake.lastRequest().has("recentMetrics")).isFalse();
    }

    @Test
    void shouldFillRecentMetricsFromStoredHealthDataWhenMissing() {
        Long existing = jdbc.queryForObject(
                "select count(*) from information_schema.tables where table_schema = current_schema()"
                        + " and table_name = 'health_metrics'",
                Long.class);
        assumeThat(existing)
                .as("the health module's own table is tested on its branch")
                .isZero();
        jdbc.execute("create table health_metrics (user_id varchar(128), metric varchar(64), value double precision,"
                + " recorded_at timestamptz)");
        try {
            metrics.recheck();
            jdbc.update("insert into health_metrics values ('user-hm-1', 'heart_rate', 60, now() - interval '1 day'),"
                    + " ('user-hm-1', 'heart_rate', 70, now() - interval '2 day'),"
                    + " ('user-hm-1', 'heart_rate', 200, now() - interval '30 day'),"
                    + " ('user-hm-1', 'deep', 1470, now() - interval '1 day'),"
                    + " ('user-hm-1', 'light', 1470, now() - interval '3 day')");

            Response response = recommend(withoutMetrics("user-hm-1"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(fake.lastRequest()
                            .path("recentMetrics")
                            .path("avgHeartRate")
                            .asDouble())
                    .isEqualTo(65.0);
            assertThat(fake.lastRequest()
                            .path("recentMetrics")
                            .path("sleepHours")
                            .asDouble())
                    .isEqualTo(7.0);
        } finally {
            jdbc.execute("drop table health_metrics");
            metrics.recheck();
        }
    }

    private static String withoutMetrics(String userId) {
        return """
                {"userId":"%s","fitnessLevel":"beginner","targetGoal":"flexibility","availableMinutes":30}"""
                .formatted(userId);
    }
}
