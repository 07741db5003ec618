package com.fitplatform.gateway.payments.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.sandbox.SandboxFake;
import com.fitplatform.gateway.common.sandbox.SandboxFaults;
import com.fitplatform.gateway.payments.PaymentsProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;

/** Fake email service: Bearer key and Idempotency-Key required; a repeated key sends nothing new. */
@SandboxFake
public class EmailSandbox {

    private final SandboxFaults faults;
    private final String apiKey;
    private final ObjectMapper json;
    private final Map<String, Map<String, Object>> sent = new ConcurrentHashMap<>();

    public EmailSandbox(SandboxFaults faults, PaymentsProperties properties, ObjectMapper json) {
        this.faults = faults;
        this.apiKey = properties.email().apiKey();
        this.json = json;
    }

    @PostMapping(path = "/sandbox/email/v1/messages", consumes = "application/json")
    public ResponseEntity<Map<String, Object>> send(
            @RequestHeader(name = "Authorization", required = false) String authorization,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestBody String body)
            throws Exception {
        faults.apply("email");
        if (!("Bearer " + apiKey).equals(authorization)) {
            return ResponseEntity.status(401).body(Map.of("error", "invalid api key"));
        }
        if (key == null || key.isBlank()) {
            return ResponseEntity.status(400).body(Map.of("error", "Idempotency-Key is required"));
        }
        JsonNode message = json.readTree(body);
        if (!message.path("template").isTextual() || !message.path("to").isObject()) {
            return ResponseEntity.status(400).body(Map.of("error", "to and template are required"));
        }
        Map<String, Object> stored = sent.computeIfAbsent(
                key,
                k -> Map.of(
                        "id", UUID.randomUUID().toString(),
                        "idempotencyKey", k,
                        "template", message.path("template").asText(),
                        "message", json.convertValue(message, Map.class)));
        return ResponseEntity.accepted().body(stored);
    }

    /** What the fake has sent, for tests and the quickstart. */
    @GetMapping("/sandbox/email/v1/messages")
    public List<Map<String, Object>> messages() {
        return new ArrayList<>(sent.values());
    }
}
