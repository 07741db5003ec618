package com.fitplatform.gateway.ops.privacy;

import com.fitplatform.gateway.common.privacy.PersonalDataHolder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The foundation's own tables that can hold a user's data: stored answers of idempotent requests
 * the user made with their own token (the idempotency scope starts with the caller's subject; an
 * answer may echo personal data), and the events about the user (ids only, kept: consumers need
 * them). Audit rows are masked when written; probe labels are operator text, not user-linked.
 */
@Component
public class GatewayRecords implements PersonalDataHolder {

    private final JdbcTemplate jdbc;

    public GatewayRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String area() {
        return "gateway";
    }

    @Override
    public Map<String, Object> export(String userId) {
        List<Map<String, Object>> answers = jdbc.query(
                "select scope, idempotency_key, response_status, response_body, created_at from idempotency_key"
                        + " where split_part(scope, ' ', 1) = ? order by created_at",
                (row, n) -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put(
                            "request",
                            row.getString("scope").substring(userId.length()).trim());
                    answer.put("idempotencyKey", row.getString("idempotency_key"));
                    answer.put("status", row.getObject("response_status"));
                    byte[] body = row.getBytes("response_body");
                    answer.put("answer", body == null ? null : new String(body, StandardCharsets.UTF_8));
                    answer.put("at", row.getTimestamp("created_at").toInstant().toString());
                    return answer;
                },
                userId);
        List<Map<String, Object>> events = jdbc.query(
                "select id, event_type, created_at from outbox_event where aggregate_type = 'user'"
                        + " and aggregate_id = ? order by created_at",
                (row, n) -> Map.of(
                        "eventId", row.getString("id"),
                        "type", row.getString("event_type"),
                        "at", row.getTimestamp("created_at").toInstant().toString()),
                userId);
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("storedAnswers", answers);
        export.put("events", events);
        return export;
    }

    @Override
    public Map<String, Object> erase(String userId) {
        int answers = jdbc.update("delete from idempotency_key where split_part(scope, ' ', 1) = ?", userId);
        return Map.of("storedAnswers", answers);
    }
}
