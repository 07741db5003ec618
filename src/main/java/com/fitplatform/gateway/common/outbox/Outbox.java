package com.fitplatform.gateway.common.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.requestid.RequestIds;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends an event in the caller's transaction, so it exists exactly when the state change it
 * describes was committed. The relay publishes it afterwards; its id is stable for consumers to
 * de-duplicate on.
 */
@Component
public class Outbox {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public Outbox(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Writes the event; must run inside the transaction of the state change.
     *
     * @param eventType the published type, such as {@code payment.completed}
     * @param payload the event's data (ids and states: no personal data)
     * @return the event id
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID append(String eventType, String aggregateType, String aggregateId, Object payload) {
        UUID id = UUID.randomUUID();
        try {
            jdbc.update(
                    "insert into outbox_event (id, event_type, aggregate_type, aggregate_id, payload, request_id)"
                            + " values (?, ?, ?, ?, cast(? as jsonb), ?)",
                    id,
                    eventType,
                    aggregateType,
                    aggregateId,
                    json.writeValueAsString(payload),
                    RequestIds.current());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event payload is not serialisable: " + e.getOriginalMessage(), e);
        }
        return id;
    }
}
