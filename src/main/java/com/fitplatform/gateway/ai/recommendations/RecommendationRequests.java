package com.fitplatform.gateway.ai.recommendations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.ai.RecentHealthMetrics;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.common.security.CallerIdentityFilter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Checks a workout recommendation request before anything is called (a bad one is 400 and never
 * reaches the service), fills {@code recentMetrics} from stored health data when the caller sent
 * none, and gives the JSON the recommendation service receives.
 */
@Component("recommendationRequests")
public class RecommendationRequests {

    static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,49}");
    private static final int MAX_PREFERENCES = 20;
    private static final int MAX_MINUTES = 600;

    private final ObjectMapper json;
    private final RecentHealthMetrics healthMetrics;

    public RecommendationRequests(ObjectMapper json, RecentHealthMetrics healthMetrics) {
        this.json = json;
        this.healthMetrics = healthMetrics;
    }

    public String prepare(String body, @Header(CallerIdentityFilter.SUBJECT) String subject, Exchange exchange)
            throws JsonProcessingException {
        WorkoutRequest request = parse(body);
        CallerChecks.mayActFor(subject, request.userId());
        if (request.recentMetrics().isEmpty()) {
            request = new WorkoutRequest(
                    request.userId(),
                    request.fitnessLevel(),
                    request.targetGoal(),
                    request.availableMinutes(),
                    request.preferences(),
                    healthMetrics.of(request.userId()));
        }
        exchange.setProperty(WorkoutRequest.PROPERTY, request);
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("userId", request.userId());
        wire.put("fitnessLevel", request.fitnessLevel());
        wire.put("targetGoal", request.targetGoal());
        wire.put("availableMinutes", request.availableMinutes());
        wire.put("preferences", request.preferences());
        if (!request.recentMetrics().isEmpty()) {
            wire.put("recentMetrics", request.recentMetrics());
        }
        return json.writeValueAsString(wire);
    }

    WorkoutRequest parse(String body) {
        JsonNode node;
        try {
            node = json.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "The request is a JSON object");
        }
        String userId = text(node, "userId");
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw invalid("userId is required: 1 to 128 letters, digits or . _ : @ -");
        }
        String level = text(node, "fitnessLevel");
        if (level == null || !WorkoutRequest.LEVELS.contains(level)) {
            throw invalid("fitnessLevel is one of " + sorted(WorkoutRequest.LEVELS));
        }
        String goal = text(node, "targetGoal");
        if (goal == null || !WorkoutRequest.GOALS.contains(goal)) {
            throw invalid("targetGoal is one of " + sorted(WorkoutRequest.GOALS));
        }
        JsonNode minutes = node.path("availableMinutes");
        if (!minutes.isIntegralNumber() || minutes.asLong() < 1 || minutes.asLong() > MAX_MINUTES) {
            throw invalid("availableMinutes is a whole number of minutes from 1 to " + MAX_MINUTES);
        }
        return new WorkoutRequest(
                userId,
                level,
                goal,
                minutes.asInt(),
                preferences(node.path("preferences")),
                metrics(node.path("recentMetrics")));
    }

    /** Preferences as a list of tags, or an object whose values are tags or lists of tags. */
    private static List<String> preferences(JsonNode node) {
        List<String> tags = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return tags;
        }
        if (node.isArray()) {
            node.forEach(each -> tags.add(tag(each)));
        } else if (node.isObject()) {
            for (Iterator<JsonNode> values = node.elements(); values.hasNext(); ) {
                JsonNode value = values.next();
                if (value.isArray()) {
                    value.forEach(each -> tags.add(tag(each)));
                } else {
                    tags.add(tag(value));
                }
            }
        } else {
            throw invalid("preferences is a list of tags such as [\"yoga\", \"home\"]");
        }
        if (tags.size() > MAX_PREFERENCES) {
            throw invalid("preferences holds at most " + MAX_PREFERENCES + " tags");
        }
        return tags.stream().distinct().toList();
    }

    private static String tag(JsonNode node) {
        String value = node.isTextual() ? node.asText().trim().toLowerCase(java.util.Locale.ROOT) : "";
        if (!TAG.matcher(value).matches()) {
            throw invalid("a preference is a tag of 1 to 50 letters, digits, _ or -");
        }
        return value;
    }

    private static Map<String, Object> metrics(JsonNode node) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return metrics;
        }
        if (!node.isObject() || node.size() > 20) {
            throw invalid("recentMetrics is an object of at most 20 numeric metrics");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isNumber()
                    || field.getValue().asDouble() < 0
                    || !TAG.matcher(field.getKey().toLowerCase(java.util.Locale.ROOT))
                            .matches()) {
                throw invalid("recentMetrics." + field.getKey() + " must be a non-negative number");
            }
            metrics.put(field.getKey(), field.getValue().numberValue());
        }
        return metrics;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static List<String> sorted(java.util.Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail);
    }
}
