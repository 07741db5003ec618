package com.fitplatform.gateway.ops.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.ops.OpsCallers;
import java.io.IOException;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /ops/queues} (every queue with its depth), {@code GET /ops/dead-letters}, {@code POST /ops/dead-letters/{id}/replay}, {@code DELETE
 * /ops/dead-letters/{id}} with {@code {"reason":"..."}} (or {@code ?reason=}). Ops role required.
 */
@RestController
@RequestMapping(path = "/ops", produces = "application/json")
public class DeadLettersController {

    private final DeadLetters deadLetters;
    private final ObjectMapper json;

    public DeadLettersController(DeadLetters deadLetters, ObjectMapper json) {
        this.deadLetters = deadLetters;
        this.json = json;
    }

    @GetMapping("/queues")
    public Map<String, Object> queues() {
        return deadLetters.queues();
    }

    @GetMapping("/dead-letters")
    public Map<String, Object> list(@RequestParam(name = "limit", defaultValue = "100") int limit) throws Exception {
        if (limit < 1 || limit > 1000) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "limit is 1 to 1000");
        }
        return deadLetters.list(limit);
    }

    @PostMapping("/dead-letters/{id}/replay")
    public Map<String, Object> replay(@PathVariable("id") String id) throws Exception {
        return deadLetters.replay(id, OpsCallers.subject());
    }

    @DeleteMapping("/dead-letters/{id}")
    public Map<String, Object> discard(
            @PathVariable("id") String id,
            @RequestParam(name = "reason", required = false) String reasonParameter,
            @RequestBody(required = false) String body)
            throws Exception {
        String reason = reasonParameter;
        if (body != null && !body.isBlank()) {
            try {
                JsonNode request = json.readTree(body);
                if (!request.isObject() || !request.path("reason").isTextual()) {
                    throw new ProblemException(ProblemType.INVALID_REQUEST, "The body is {\"reason\":\"...\"}");
                }
                reason = request.path("reason").asText();
            } catch (IOException e) {
                throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body is not JSON");
            }
        }
        return deadLetters.discard(id, reason, OpsCallers.subject());
    }
}
