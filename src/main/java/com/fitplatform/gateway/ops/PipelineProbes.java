package com.fitplatform.gateway.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.common.outbox.Outbox;
import com.fitplatform.gateway.common.requestid.RequestIds;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pipeline probes: a small message an operator (or a benchmark) sends through the whole path a
 * real integration uses (HTTP in, a durable queue, a transacted consumer, PostgreSQL, the outbox)
 * to prove it works end to end. A probe can ask to fail, to exercise redelivery and dead letters.
 */
@Component("pipelineProbes")
public class PipelineProbes {

    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final ObjectMapper json;

    public PipelineProbes(JdbcTemplate jdbc, Outbox outbox, ObjectMapper json) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.json = json;
    }

    /** Validates a probe request and gives it an id; the answer is also the queued message. */
    public Map<String, Object> accept(String body) throws Exception {
        JsonNode request = json.readTree(body == null || body.isBlank() ? "{}" : body);
        if (!request.isObject()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "A probe is a JSON object");
        }
        String label = request.path("label").asText("");
        if (label.isBlank() || label.length() > 200) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "label is required, 1 to 200 characters");
        }
        JsonNode fail = request.path("failProcessing");
        if (!fail.isMissingNode() && !fail.isBoolean()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "failProcessing is true or false");
        }
        Map<String, Object> probe = new LinkedHashMap<>();
        probe.put("id", UUID.randomUUID().toString());
        probe.put("label", label);
        probe.put("failProcessing", fail.asBoolean(false));
        probe.put("state", "accepted");
        probe.put("acceptedAt", Instant.now().toString());
        return probe;
    }

    /**
     * Records a queued probe as processed and publishes {@code probe.processed}, both in one
     * transaction and at most once per probe, however often the broker delivers it.
     */
    @Transactional
    public void process(String message, @Header(RequestIds.HEADER) String requestId) throws Exception {
        JsonNode probe = json.readTree(message);
        if (probe.path("failProcessing").asBoolean(false)) {
            throw new IllegalStateException("Probe " + probe.path("id").asText() + " asked to fail");
        }
        UUID id = UUID.fromString(probe.path("id").asText());
        Integer deliveries = jdbc.queryForObject(
                "insert into pipeline_probe (id, label, state, request_id, accepted_at, processed_at, deliveries)"
                        + " values (?, ?, 'processed', ?, ?, now(), 1) on conflict (id) do update"
                        + " set deliveries = pipeline_probe.deliveries + 1 returning deliveries",
                Integer.class,
                id,
                probe.path("label").asText(),
                requestId,
                Timestamp.from(Instant.parse(probe.path("acceptedAt").asText())));
        // A redelivery after the first commit finds the row: the state changed once, one event.
        if (deliveries != null && deliveries == 1) {
            outbox.append("probe.processed", "probe", id.toString(), Map.of("probeId", id.toString()));
        }
    }

    public Map<String, Object> find(String id) {
        UUID probeId;
        try {
            probeId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No probe " + id);
        }
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select id, label, state, request_id, accepted_at, processed_at, deliveries from pipeline_probe"
                        + " where id = ?",
                probeId);
        if (rows.isEmpty()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No processed probe " + id + " (yet)");
        }
        Map<String, Object> row = rows.get(0);
        Map<String, Object> probe = new LinkedHashMap<>();
        probe.put("id", row.get("id").toString());
        probe.put("label", row.get("label"));
        probe.put("state", row.get("state"));
        probe.put("requestId", row.get("request_id"));
        probe.put("acceptedAt", ((Timestamp) row.get("accepted_at")).toInstant().toString());
        probe.put(
                "processedAt", ((Timestamp) row.get("processed_at")).toInstant().toString());
        probe.put("deliveries", row.get("deliveries"));
        return probe;
    }

    /** The answer of the echo consumer: what it received and the request id it saw. */
    public Map<String, Object> echo(String message, @Header(RequestIds.HEADER) String requestId) throws Exception {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("echo", json.readTree(message == null || message.isBlank() ? "null" : message));
        answer.put("requestIdSeenByConsumer", requestId);
        answer.put("consumedAt", Instant.now().toString());
        return answer;
    }
}
