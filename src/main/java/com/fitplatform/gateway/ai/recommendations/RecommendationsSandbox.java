package com.fitplatform.gateway.ai.recommendations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.ai.AiProperties;
import com.fitplatform.gateway.ai.AiProperties.WorkoutPlan;
import com.fitplatform.gateway.common.sandbox.SandboxFake;
import com.fitplatform.gateway.common.sandbox.SandboxFaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * Fake recommendation service: {@code POST /sandbox/recommendations/v1/recommendations/workouts}
 * with the platform's request, X-Api-Key header; answers {@code {"recommendations":[{workoutPlanId,
 * score, reason}], "modelVersion"}}. Magic user ids make it misbehave: {@code sandbox-malformed}
 * (not JSON), {@code sandbox-oversized} (1 MB), {@code sandbox-wrong-shape} (no list).
 */
@SandboxFake
public class RecommendationsSandbox {

    static final String FAKE = "recommendations";

    private final SandboxFaults faults;
    private final AiProperties properties;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile JsonNode lastRequest;

    public RecommendationsSandbox(SandboxFaults faults, AiProperties properties) {
        this.faults = faults;
        this.properties = properties;
    }

    @PostMapping(
            path = "/sandbox/recommendations/v1/recommendations/workouts",
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> recommend(
            @RequestHeader(name = "X-Api-Key", required = false) String apiKey, @RequestBody JsonNode request) {
        requests.incrementAndGet();
        lastRequest = request;
        faults.apply(FAKE);
        if (!properties.apiKey().equals(apiKey)) {
            return ResponseEntity.status(401).body(Map.of("error", "invalid_api_key"));
        }
        String userId = request.path("userId").asText("");
        if (userId.isBlank()
                || !request.path("availableMinutes").isInt()
                || !request.path("targetGoal").isTextual()
                || !request.path("fitnessLevel").isTextual()) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid_request"));
        }
        switch (userId) {
            case "sandbox-malformed" -> {
                return ResponseEntity.ok("{\"recommendations\": [ {\"workoutPlanId\": ");
            }
            case "sandbox-oversized" -> {
                return ResponseEntity.ok("{\"recommendations\":[],\"padding\":\"" + "x".repeat(1 << 20) + "\"}");
            }
            case "sandbox-wrong-shape" -> {
                return ResponseEntity.ok(Map.of("recommendations", "none"));
            }
            default -> {}
        }
        String goal = request.path("targetGoal").asText();
        int minutes = request.path("availableMinutes").asInt();
        List<Map<String, Object>> recommendations = new ArrayList<>();
        double score = 0.97;
        for (WorkoutPlan plan : properties.workoutPlans()) {
            if (plan.minutes() <= minutes && plan.goals().contains(goal) && recommendations.size() < 3) {
                recommendations.add(Map.of(
                        "workoutPlanId", plan.id(), "score", score, "reason", "model: similar users progressed"));
                score = Math.round((score - 0.11) * 100) / 100.0;
            }
        }
        return ResponseEntity.ok(Map.of("recommendations", recommendations, "modelVersion", "sandbox-1"));
    }

    /** Requests that reached this fake (faulted or not), for tests and the quickstart. */
    public int requests() {
        return requests.get();
    }

    /** The last request body received, to check what the gateway forwarded. */
    public JsonNode lastRequest() {
        return lastRequest;
    }
}
