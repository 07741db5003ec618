package com.fitplatform.gateway.ai;

import java.time.Instant;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The AI services: where they are, how large an answer may be, the fallback catalogue and the
 * analytics trigger. Timeouts and breakers are the resilience policy, not here.
 *
 * @param maxAnswerBytes a larger answer is a failure (served by the fallback)
 * @param maxRecommendations an answer with more entries is malformed
 * @param fallbackRecommendations plans the rule-based recommender returns at most
 */
@ConfigurationProperties("gateway.ai")
public record AiProperties(
        @DefaultValue("http://127.0.0.1:8080/sandbox/recommendations") String recommendationsUrl,
        @DefaultValue("http://127.0.0.1:8080/sandbox/personalization") String personalizationUrl,
        @DefaultValue("http://127.0.0.1:8080/sandbox/analytics") String analyticsUrl,
        @DefaultValue("sandbox-ai-key") String apiKey,
        @DefaultValue("262144") int maxAnswerBytes,
        @DefaultValue("10") int maxRecommendations,
        @DefaultValue("5") int fallbackRecommendations,
        @DefaultValue HealthMetrics healthMetrics,
        @DefaultValue Analytics analytics,
        List<WorkoutPlan> workoutPlans,
        List<Content> content) {

    public AiProperties {
        workoutPlans = workoutPlans == null ? List.of() : List.copyOf(workoutPlans);
        content = content == null ? List.of() : List.copyOf(content);
    }

    /**
     * Where the health module keeps metrics; the lookup is skipped when the table or a column is absent.
     *
     * @param days days averaged
     */
    public record HealthMetrics(
            @DefaultValue("7") int days,
            @DefaultValue("health_metrics") String table,
            @DefaultValue("user_id") String userColumn,
            @DefaultValue("metric") String typeColumn,
            @DefaultValue("value") String valueColumn,
            @DefaultValue("start_time") String timeColumn,
            @DefaultValue("heart_rate") List<String> heartRateTypes,
            @DefaultValue({"sleep_light", "sleep_deep", "sleep_rem", "sleep_asleep_unspecified"})
                    List<String> sleepTypes) {}

    /**
     * The predictive-analytics trigger.
     *
     * @param cron Quartz cron, UTC
     * @param catchUpDays days back a run that failed is asked for again on the next trigger
     */
    public record Analytics(@DefaultValue("0 0 0 * * ?") String cron, @DefaultValue("3") int catchUpDays) {}

    /** A workout plan of the fallback catalogue; {@code minutes} is its length. */
    public record WorkoutPlan(
            String id, String title, int minutes, List<String> levels, List<String> goals, List<String> tags) {
        public WorkoutPlan {
            levels = levels == null ? List.of() : List.copyOf(levels);
            goals = goals == null ? List.of() : List.copyOf(goals);
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    /** A content item of the fallback catalogue. */
    public record Content(String id, String type, String title, Instant publishedAt, List<String> tags) {
        public Content {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }
}
