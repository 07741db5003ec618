package com.fitplatform.gateway.ai;

import static org.assertj.core.api.Assertions.assertThat;

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
        // Points as the health module stores them (canonical names and units, monthly partitions).
        String insert = "insert into health_metrics (user_id, metric, start_time, end_time, value, unit, provider,"
                + " source_record_id, source_updated_at) values ('user-hm-1', ?, now() - make_interval(days => ?),"
                + " now() - make_interval(days => ?), ?, ?, 'apple-health', ?, now())";
        jdbc.update(insert, "heart_rate", 1, 1, 60.0, "bpm", "hr-1");
        jdbc.update(insert, "heart_rate", 2, 2, 70.0, "bpm", "hr-2");
        jdbc.update(insert, "heart_rate", 30, 30, 200.0, "bpm", "hr-old");
        jdbc.update(insert, "sleep_deep", 1, 1, 1470.0, "min", "sleep-1");
        jdbc.update(insert, "sleep_light", 3, 3, 1470.0, "min", "sleep-2");
        metrics.recheck();

        Response response = recommend(withoutMetrics("user-hm-1"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(fake.lastRequest().path("recentMetrics").path("avgHeartRate").asDouble())
                .isEqualTo(65.0);
        assertThat(fake.lastRequest().path("recentMetrics").path("sleepHours").asDouble())
                .isEqualTo(7.0);
    }

    private static String withoutMetrics(String userId) {
        return """
                {"userId":"%s","fitnessLevel":"beginner","targetGoal":"flexibility","availableMinutes":30}"""
                .formatted(userId);
    }
}
