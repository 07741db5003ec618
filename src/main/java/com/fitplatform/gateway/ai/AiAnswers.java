package com.fitplatform.gateway.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads an AI service's answer body: bounded in size, JSON object, or {@link AiAnswerRejected}. */
public final class AiAnswers {

    private AiAnswers() {}

    public static JsonNode read(ObjectMapper json, String service, String body, int maxBytes) {
        if (body == null || body.isBlank()) {
            throw new AiAnswerRejected(service, "empty body");
        }
        // UTF-8 is at most 3 bytes per UTF-16 unit: skip the encode unless it may be too large.
        if (body.length() * 3L > maxBytes && body.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new AiAnswerRejected(service, "larger than " + maxBytes + " bytes");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new AiAnswerRejected(service, "not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new AiAnswerRejected(service, "not JSON");
        }
    }
}
