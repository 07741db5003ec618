package com.fitplatform.gateway.ai.recommendations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.ai.AiAnswerRejected;
import com.fitplatform.gateway.ai.AiAnswers;
import com.fitplatform.gateway.ai.AiProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Checks the recommendation service's answer ({@code recommendations[]} of {@code workoutPlanId},
 * {@code score} in [0, 1], {@code reason}) and rebuilds it from the checked fields only, so nothing
 * unexpected is passed through; anything else is {@link AiAnswerRejected}, i.e. the fallback.
 */
@Component("recommendationAnswers")
public class RecommendationAnswers {

    private static final String SERVICE = "recommendations";
    private static final Pattern PLAN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

    private final ObjectMapper json;
    private final AiProperties properties;

    public RecommendationAnswers(ObjectMapper json, AiProperties properties) {
        this.json = json;
        this.properties = properties;
    }

    public Map<String, Object> accept(String body, Exchange exchange) {
        JsonNode answer = AiAnswers.read(json, SERVICE, body, properties.maxAnswerBytes());
        JsonNode entries = answer.path("recommendations");
        if (!entries.isArray()) {
            throw new AiAnswerRejected(SERVICE, "recommendations is not a list");
        }
        if (entries.size() > properties.maxRecommendations()) {
            throw new AiAnswerRejected(SERVICE, "more than " + properties.maxRecommendations() + " recommendations");
        }
        List<Map<String, Object>> recommendations = new ArrayList<>();
        for (JsonNode entry : entries) {
            String planId = entry.path("workoutPlanId").isTextual()
                    ? entry.path("workoutPlanId").asText()
                    : "";
            JsonNode score = entry.path("score");
            JsonNode reason = entry.path("reason");
            if (!PLAN_ID.matcher(planId).matches()
                    || !score.isNumber()
                    || score.asDouble() < 0
                    || score.asDouble() > 1
                    || !reason.isTextual()
                    || reason.asText().length() > 500) {
                throw new AiAnswerRejected(SERVICE, "an entry lacks workoutPlanId, score in [0,1] or reason");
            }
            Map<String, Object> recommendation = new LinkedHashMap<>();
            recommendation.put("workoutPlanId", planId);
            recommendation.put("score", score.asDouble());
            recommendation.put("reason", reason.asText());
            recommendations.add(recommendation);
        }
        WorkoutRequest request = exchange.getProperty(WorkoutRequest.PROPERTY, WorkoutRequest.class);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("userId", request == null ? null : request.userId());
        response.put("source", "model");
        response.put("recommendations", recommendations);
        return response;
    }
}
