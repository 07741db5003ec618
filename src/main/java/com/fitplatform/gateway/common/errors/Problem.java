package com.fitplatform.gateway.common.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** An RFC 9457 problem document; {@link #toJson()} is what callers receive. */
public record Problem(
        ProblemType type, String detail, String instance, String requestId, Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Problem of(ProblemType type, String detail, String instance, String requestId) {
        return new Problem(type, detail, instance, requestId, Map.of());
    }

    public Map<String, Object> toMap() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri().toString());
        body.put("title", type.title());
        body.put("status", type.status());
        if (detail != null && !detail.isBlank()) {
            body.put("detail", detail);
        }
        if (instance != null) {
            body.put("instance", instance);
        }
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        extensions.forEach(body::putIfAbsent);
        return body;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem document could not be written", e);
        }
    }
}
