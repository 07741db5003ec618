package com.fitplatform.gateway.ai.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.ai.AiProperties;
import com.fitplatform.gateway.common.sandbox.SandboxFake;
import com.fitplatform.gateway.common.sandbox.SandboxFaults;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * Fake predictive analytics service: {@code POST /sandbox/analytics/v1/predictions/runs
 * {"date":"YYYY-MM-DD"}} with the X-Api-Key header; {@code 202 {"runId","date","status":"accepted"}}.
 * An {@code Idempotency-Key} seen before replays the first answer and starts nothing.
 */
@SandboxFake
public class AnalyticsSandbox {

    static final String FAKE = "analytics";

    private final SandboxFaults faults;
    private final AiProperties properties;
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, Map<String, Object>> byKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> startedByDate = new ConcurrentHashMap<>();

    public AnalyticsSandbox(SandboxFaults faults, AiProperties properties) {
        this.faults = faults;
        this.properties = properties;
    }

    @PostMapping(path = "/sandbox/analytics/v1/predictions/runs", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> run(
            @RequestHeader(name = "X-Api-Key", required = false) String apiKey,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody JsonNode request) {
        requests.incrementAndGet();
        faults.apply(FAKE);
        if (!properties.apiKey().equals(apiKey)) {
            return ResponseEntity.status(401).body(Map.of("error", "invalid_api_key"));
        }
        String date = request.path("date").asText("");
        try {
            LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid_date"));
        }
        if (idempotencyKey != null) {
            Map<String, Object> earlier = byKey.get(idempotencyKey);
            if (earlier != null) {
                return ResponseEntity.accepted().body(earlier);
            }
        }
        Map<String, Object> run = Map.of("runId", "run_" + UUID.randomUUID(), "date", date, "status", "accepted");
        if (idempotencyKey != null && byKey.putIfAbsent(idempotencyKey, run) != null) {
            return ResponseEntity.accepted().body(byKey.get(idempotencyKey));
        }
        startedByDate.computeIfAbsent(date, d -> new AtomicInteger()).incrementAndGet();
        return ResponseEntity.accepted().body(run);
    }

    /** Requests that reached the fake, faulted or not. */
    public int requests() {
        return requests.get();
    }

    /** Runs actually started for a date (replays excluded). */
    public int runsStarted(LocalDate date) {
        AtomicInteger started = startedByDate.get(date.toString());
        return started == null ? 0 : started.get();
    }
}
