package com.fitplatform.gateway.ai.personalization;

import com.fitplatform.gateway.ai.AiProperties;
import com.fitplatform.gateway.ai.AiProperties.Content;
import com.fitplatform.gateway.common.sandbox.SandboxFake;
import com.fitplatform.gateway.common.sandbox.SandboxFaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Fake personalization engine: {@code GET /sandbox/personalization/v1/content-feed?userId&limit&includeMetrics}
 * with the X-Api-Key header; answers {@code {"items":[{contentId,type,title,score,publishedAt}]}}.
 * User {@code sandbox-malformed} gets a body that is not JSON.
 */
@SandboxFake
public class PersonalizationSandbox {

    static final String FAKE = "personalization";

    private final SandboxFaults faults;
    private final AiProperties properties;
    private final AtomicInteger requests = new AtomicInteger();

    public PersonalizationSandbox(SandboxFaults faults, AiProperties properties) {
        this.faults = faults;
        this.properties = properties;
    }

    @GetMapping(path = "/sandbox/personalization/v1/content-feed", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> feed(
            @RequestHeader(name = "X-Api-Key", required = false) String apiKey,
            @RequestParam(required = false) String userId,
            @RequestParam(defaultValue = "20") int limit,
            @RequestParam(defaultValue = "true") boolean includeMetrics) {
        requests.incrementAndGet();
        faults.apply(FAKE);
        if (!properties.apiKey().equals(apiKey)) {
            return ResponseEntity.status(401).body(Map.of("error", "invalid_api_key"));
        }
        if (userId == null || userId.isBlank() || limit < 1 || limit > 100) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid_request"));
        }
        if (userId.equals("sandbox-malformed")) {
            return ResponseEntity.ok("<html>upstream error</html>");
        }
        List<Map<String, Object>> items = new ArrayList<>();
        double score = 0.95;
        for (Content content : properties.content()) {
            if (items.size() >= limit) {
                break;
            }
            items.add(Map.of(
                    "contentId", content.id(),
                    "type", content.type(),
                    "title", content.title(),
                    "score", score,
                    "publishedAt", content.publishedAt().toString()));
            score = Math.round((score - 0.1) * 100) / 100.0;
        }
        return ResponseEntity.ok(Map.of("items", items, "personalizedWithMetrics", includeMetrics));
    }

    public int requests() {
        return requests.get();
    }
}
