package com.fitplatform.gateway.ai.recommendations;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A checked workout recommendation request, the platform's recommendation-service request as is.
 *
 * @param availableMinutes minutes the user has for the workout
 * @param preferences workout types, equipment or places the user likes (lowercase tags)
 * @param recentMetrics e.g. {@code avgHeartRate} (bpm), {@code sleepHours}; empty when unknown
 */
public record WorkoutRequest(
        String userId,
        String fitnessLevel,
        String targetGoal,
        int availableMinutes,
        List<String> preferences,
        Map<String, Object> recentMetrics) {

    public static final Set<String> LEVELS = Set.of("beginner", "intermediate", "advanced");
    public static final Set<String> GOALS =
            Set.of("weight_loss", "muscle_gain", "endurance", "flexibility", "general_fitness");

    /** Exchange property holding the checked request, for the fallback. */
    public static final String PROPERTY = "GatewayWorkoutRequest";
}
