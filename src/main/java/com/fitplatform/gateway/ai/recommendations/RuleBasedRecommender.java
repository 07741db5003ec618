package com.fitplatform.gateway.ai.recommendations;

import com.fitplatform.gateway.ai.AiProperties;
import com.fitplatform.gateway.ai.AiProperties.WorkoutPlan;
import com.fitplatform.gateway.ai.FallbackCause;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The fallback when the recommendation service is slow, failing or its breaker open: ranks the
 * catalogue's workout plans (config/ai.yaml, ops edit) in memory, well inside the 2 s budget.
 *
 * <p>Score in [0, 1]: goal 0.40 (0.10 for general fitness plans), fitness level 0.25 (0.10 for a
 * neighbouring level), use of the available time 0.20, preferences 0.15 by the share matched.
 * Plans longer than the available minutes, or two levels away, are left out. A user who slept
 * under 6 h a night gets low-impact plans first (a small bonus), as a coach would.
 */
@Component("ruleBasedRecommender")
public class RuleBasedRecommender {

    private static final List<String> LEVEL_ORDER = List.of("beginner", "intermediate", "advanced");

    private final AiProperties properties;

    public RuleBasedRecommender(AiProperties properties) {
        this.properties = properties;
    }

    /** The fallback answer for the request the route kept in {@link WorkoutRequest#PROPERTY}. */
    public Map<String, Object> recommend(Exchange exchange) {
        FallbackCause.log("recommendations", exchange);
        WorkoutRequest request = exchange.getProperty(WorkoutRequest.PROPERTY, WorkoutRequest.class);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("userId", request.userId());
        response.put("source", "fallback");
        response.put("recommendations", rank(request));
        return response;
    }

    public List<Map<String, Object>> rank(WorkoutRequest request) {
        record Scored(WorkoutPlan plan, double score, String reason) {}
        List<Scored> scored = new ArrayList<>();
        for (WorkoutPlan plan : properties.workoutPlans()) {
            if (plan.minutes() > request.availableMinutes()) {
                continue;
            }
            int levelDistance = levelDistance(plan, request.fitnessLevel());
            if (levelDistance > 1) {
                continue;
            }
            List<String> reasons = new ArrayList<>();
            double score = 0;
            if (plan.goals().contains(request.targetGoal())) {
                score += 0.40;
                reasons.add("targets " + request.targetGoal().replace('_', ' '));
            } else if (plan.goals().contains("general_fitness")) {
                score += 0.10;
                reasons.add("builds general fitness");
            }
            if (levelDistance == 0) {
                score += 0.25;
                reasons.add("suits a " + request.fitnessLevel() + " level");
            } else {
                score += 0.10;
                reasons.add("close to a " + request.fitnessLevel() + " level");
            }
            score += 0.20 * plan.minutes() / request.availableMinutes();
            reasons.add("fits in " + request.availableMinutes() + " min (" + plan.minutes() + " min)");
            List<String> liked =
                    plan.tags().stream().filter(request.preferences()::contains).toList();
            if (!request.preferences().isEmpty()) {
                score += 0.15 * liked.size() / request.preferences().size();
                if (!liked.isEmpty()) {
                    reasons.add("matches your preference for " + String.join(", ", liked));
                }
            }
            if (sleptLittle(request) && plan.tags().contains("low_impact")) {
                score = Math.min(1, score + 0.05);
                reasons.add("low impact after short sleep");
            }
            scored.add(new Scored(plan, Math.round(score * 100) / 100.0, String.join("; ", reasons)));
        }
        return scored.stream()
                .sorted(Comparator.comparingDouble(Scored::score).reversed().thenComparing(s -> s.plan()
                        .id()))
                .limit(properties.fallbackRecommendations())
                .map(s -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("workoutPlanId", s.plan().id());
                    entry.put("score", s.score());
                    entry.put("reason", s.reason());
                    return entry;
                })
                .toList();
    }

    private static int levelDistance(WorkoutPlan plan, String level) {
        int wanted = LEVEL_ORDER.indexOf(level);
        return plan.levels().stream()
                .mapToInt(each -> LEVEL_ORDER.indexOf(each) < 0 ? 9 : Math.abs(LEVEL_ORDER.indexOf(each) - wanted))
                .min()
                .orElse(9);
    }

    private static boolean sleptLittle(WorkoutRequest request) {
        Object sleep = request.recentMetrics().get("sleepHours");
        return sleep instanceof Number hours && hours.doubleValue() > 0 && hours.doubleValue() < 6;
    }
}
