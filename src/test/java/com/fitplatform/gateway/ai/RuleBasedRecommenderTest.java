package com.fitplatform.gateway.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fitplatform.gateway.ai.AiProperties.WorkoutPlan;
import com.fitplatform.gateway.ai.recommendations.RuleBasedRecommender;
import com.fitplatform.gateway.ai.recommendations.WorkoutRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fallback ranks by goal, level, available minutes and preferences, with a reason for each. */
class RuleBasedRecommenderTest {

    private static final List<WorkoutPlan> PLANS = List.of(
            new WorkoutPlan(
                    "yoga-30", "Yoga", 30, List.of("beginner"), List.of("flexibility"), List.of("yoga", "low_impact")),
            new WorkoutPlan("run-45", "Run", 45, List.of("intermediate"), List.of("endurance"), List.of("running")),
            new WorkoutPlan("ride-60", "Ride", 60, List.of("intermediate"), List.of("endurance"), List.of("cycling")),
            new WorkoutPlan("lift-40", "Lift", 40, List.of("advanced"), List.of("muscle_gain"), List.of("weights")),
            new WorkoutPlan(
                    "walk-20", "Walk", 20, List.of("beginner"), List.of("general_fitness"), List.of("walking")));

    private final RuleBasedRecommender recommender =
            new RuleBasedRecommender(new AiProperties("a", "b", "c", "k", 1000, 10, 3, null, null, PLANS, List.of()));

    @Test
    void shouldPutTheGoalMatchingPlanFirstWithAReason() {
        List<Map<String, Object>> ranked = recommender.rank(request("intermediate", "endurance", 60, List.of()));

        assertThat(ranked).extracting(r -> r.get("workoutPlanId")).startsWith("ride-60", "run-45");
        assertThat((String) ranked.get(0).get("reason")).contains("targets endurance", "intermediate level");
    }

    @Test
    void shouldLeaveOutPlansLongerThanTheAvailableMinutes() {
        List<Map<String, Object>> ranked = recommender.rank(request("intermediate", "endurance", 50, List.of()));

        assertThat(ranked)
                .extracting(r -> r.get("workoutPlanId"))
                .doesNotContain("ride-60")
                .first()
                .isEqualTo("run-45");
    }

    @Test
    void shouldLeaveOutPlansTwoLevelsAway() {
        List<Map<String, Object>> ranked = recommender.rank(request("beginner", "muscle_gain", 60, List.of()));

        assertThat(ranked).extracting(r -> r.get("workoutPlanId")).doesNotContain("lift-40");
    }

    @Test
    void shouldPreferPlansMatchingPreferences() {
        List<Map<String, Object>> ranked =
                recommender.rank(request("intermediate", "endurance", 60, List.of("running")));

        assertThat(ranked.get(0).get("workoutPlanId")).isEqualTo("run-45");
        assertThat((String) ranked.get(0).get("reason")).contains("preference for running");
    }

    @Test
    void shouldScoreWithinZeroAndOneAndLimitTheList() {
        List<Map<String, Object>> ranked = recommender.rank(request("beginner", "flexibility", 120, List.of("yoga")));

        assertThat(ranked).hasSizeLessThanOrEqualTo(3);
        assertThat(ranked).allSatisfy(r -> assertThat((Double) r.get("score")).isBetween(0.0, 1.0));
        assertThat(ranked.get(0).get("workoutPlanId")).isEqualTo("yoga-30");
    }

    private static WorkoutRequest request(String level, String goal, int minutes, List<String> preferences) {
        return new WorkoutRequest("u1", level, goal, minutes, preferences, Map.of());
    }
}
