package com.fitplatform.gateway.common.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fitplatform.gateway.common.requestid.RequestIds;
import jakarta.jms.Topic;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes unpublished outbox events to the {@code platform.events} topic, oldest first. Rows are
 * locked with {@code SKIP LOCKED}, so several gateway instances relay side by side without
 * publishing one event twice; the event id doubles as Artemis's duplicate id, so a crash between
 * sending and marking cannot put the same event on the topic twice either.
 */
@Component("outboxRelay")
public class OutboxRelay {

    /** Artemis drops a second message with the same value of this property on one address. */
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    private final JdbcTemplate jdbc;
    private final JmsTemplate jms;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final OutboxProperties properties;

    public OutboxRelay(
            JdbcTemplate jdbc,
            JmsTemplate jms,
            TransactionTemplate transactions,
            ObjectMapper json,
            OutboxProperties properties) {
        this.jdbc = jdbc;
        this.jms = jms;
        this.transactions = transactions;
        this.json = json;
        this.properties = properties;
    }

    private record Pending(
            UUID id,
            String type,
            String aggregateType,
            String aggregateId,
            String payload,
            String requestId,
            Timestamp createdAt) {}

    /** Publishes one batch; returns how many events left. */
    public int publishPending() {
        Integer published = transactions.execute(status -> {
            List<Pending> batch = jdbc.query(
                    "select id, event_type, aggregate_type, aggregate_id, payload::text, request_id, created_at"
                            + " from outbox_event where published_at is null order by created_at limit ?"
                            + " for update skip locked",
                    (rs, n) -> new Pending(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getTimestamp(7)),
                    properties.batchSize());
            if (batch.isEmpty()) {
                return 0;
            }
            Topic topic = jms.execute(session -> session.createTopic(properties.destination()));
            for (Pending event : batch) {
                String envelope = envelope(event);
                jms.send(topic, session -> {
                    var message = session.createTextMessage(envelope);
                    message.setStringProperty(DUPLICATE_ID, event.id().toString());
                    message.setStringProperty("eventId", event.id().toString());
                    message.setStringProperty("eventType", event.type());
                    if (event.requestId() != null) {
                        message.setStringProperty(RequestIds.JMS_PROPERTY, event.requestId());
                    }
                    return message;
                });
            }
            jdbc.batchUpdate(
                    "update outbox_event set published_at = now() where id = ?",
                    batch,
                    batch.size(),
                    (statement, event) -> statement.setObject(1, event.id()));
            return batch.size();
        });
        return published == null ? 0 : published;
    }

    /** Removes published events older than the keep period; returns how many. */
    public int purgePublished() {
        return jdbc.update(
                "delete from outbox_event where published_at < now() - make_interval(secs => ?)",
                properties.keepPublished().toSeconds());
    }

    private String envelope(Pending event) {
        ObjectNode envelope = json.createObjectNode();
        envelope.put("id", event.id().toString());
        envelope.put("type", event.type());
        envelope.put("aggregateType", event.aggregateType());
        envelope.put("aggregateId", event.aggregateId());
        envelope.put("occurredAt", event.createdAt().toInstant().toString());
        if (event.requestId() != null) {
            envelope.put("requestId", event.requestId());
        }
        try {
            JsonNode data = json.readTree(event.payload());
            envelope.set("data", data);
            return json.writeValueAsString(envelope);
        } catch (Exception e) {
            throw new IllegalStateException("Outbox event " + event.id() + " has an unreadable payload", e);
        }
    }
}
