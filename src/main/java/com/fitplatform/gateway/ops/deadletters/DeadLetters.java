package com.fitplatform.gateway.ops.deadletters;

import com.fitplatform.gateway.common.audit.PiiMasker;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.common.requestid.RequestIds;
import com.fitplatform.gateway.ops.OpsChanges;
import com.fitplatform.gateway.ops.OpsProperties;
import com.fitplatform.gateway.ops.deadletters.BrokerManagement.QueueInfo;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.message.openmbean.CompositeDataConstants;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Dead letters of every {@code DLQ.*} queue, read and handled through the broker's management
 * operations ({@link BrokerManagement}), the same for the embedded and an external broker. Queues
 * are only ever enumerated and addressed through management, never as JMS destinations: browsing
 * a DLQ that does not exist (yet, or any more) would auto-create a wrong queue. Each entry shows
 * where the message came from, why it failed (joined from {@code message_failure} by the JMS
 * message id the consumer saw) and when it first failed; the body only masked and cut short.
 *
 * <p>Ids are {@code <dlq>:<broker message id>}. A replayed message goes back to its original queue
 * (the broker's {@code retryMessage}: it leaves the DLQ); a discarded one is removed with its
 * reason in the change audit.
 */
@Component
public class DeadLetters {

    static final String PREFIX = "DLQ.";
    private static final int LOCATE_PAGE = 200;

    private final BrokerManagement broker;
    private final JdbcTemplate jdbc;
    private final OpsChanges changes;
    private final OpsProperties properties;

    public DeadLetters(BrokerManagement broker, JdbcTemplate jdbc, OpsChanges changes, OpsProperties properties) {
        this.broker = broker;
        this.jdbc = jdbc;
        this.changes = changes;
        this.properties = properties;
    }

    /** Every dead letter, oldest first per queue; {@code limit} caps the entries per queue. */
    public Map<String, Object> list(int limit) {
        List<Map<String, Object>> queues = new ArrayList<>();
        List<Map<String, Object>> letters = new ArrayList<>();
        for (QueueInfo queue : deadLetterQueues()) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("queue", queue.name());
            summary.put("messageCount", queue.messageCount());
            queues.add(summary);
            for (CompositeData message : broker.browse(queue.name(), 1, limit)) {
                letters.add(describe(queue.name(), message));
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("queues", queues);
        answer.put("deadLetters", letters);
        return answer;
    }

    /** Every queue of the broker with its depth and consumers (temporary and internal queues left out). */
    public Map<String, Object> queues() {
        List<Map<String, Object>> queues = broker.queues().stream()
                .filter(queue ->
                        !queue.temporary() && !queue.internal() && !queue.name().startsWith("$"))
                .sorted(Comparator.comparing(QueueInfo::name))
                .map(queue -> {
                    Map<String, Object> each = new LinkedHashMap<>();
                    each.put("queue", queue.name());
                    each.put("address", queue.address());
                    each.put("messageCount", queue.messageCount());
                    each.put("consumerCount", queue.consumerCount());
                    each.put("deadLetter", queue.name().startsWith(PREFIX));
                    return each;
                })
                .toList();
        return Map.of("queues", queues);
    }

    /** Sends the message back to its original queue; it leaves the DLQ. */
    public Map<String, Object> replay(String id, String actor) {
        Located located = locate(id);
        String origin = stringProperty(located.message(), Message.HDR_ORIGINAL_QUEUE.toString());
        Object moved = broker.invoke(ResourceNames.QUEUE + located.queue(), "retryMessage", located.messageId());
        if (!Boolean.TRUE.equals(moved)) {
            throw new ProblemException(ProblemType.CONFLICT, "Dead letter " + id + " could not be replayed");
        }
        changes.record(actor, "dead-letter-replay", id, "applied", "back to " + origin, null);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("replayedTo", origin);
        return answer;
    }

    /** Deletes the message; the reason goes to the change audit. */
    public Map<String, Object> discard(String id, String reason, String actor) {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "reason is required, 1 to 500 characters");
        }
        Located located = locate(id);
        String jmsId = jmsMessageId(located.message());
        Object removed = broker.invoke(ResourceNames.QUEUE + located.queue(), "removeMessage", located.messageId());
        if (!Boolean.TRUE.equals(removed)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No dead letter " + id);
        }
        changes.record(
                actor,
                "dead-letter-discard",
                id,
                "applied",
                "reason: " + PiiMasker.mask(reason) + (jmsId == null ? "" : "; message " + jmsId),
                null);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("discarded", true);
        return answer;
    }

    private Map<String, Object> describe(String queue, CompositeData message) {
        Map<String, Object> letter = new LinkedHashMap<>();
        String jmsId = jmsMessageId(message);
        letter.put("id", queue + ":" + message.get(CompositeDataConstants.MESSAGE_ID));
        letter.put("deadLetterQueue", queue);
        letter.put("originalQueue", stringProperty(message, Message.HDR_ORIGINAL_QUEUE.toString()));
        letter.put("originalAddress", stringProperty(message, Message.HDR_ORIGINAL_ADDRESS.toString()));
        letter.put("jmsMessageId", jmsId);
        letter.put("requestId", stringProperty(message, RequestIds.JMS_PROPERTY));
        long timestamp = message.get(CompositeDataConstants.TIMESTAMP) instanceof Long value ? value : 0L;
        letter.put("sentAt", timestamp == 0 ? null : Instant.ofEpochMilli(timestamp));
        List<Map<String, Object>> failures = jmsId == null
                ? List.of()
                : jdbc.queryForList(
                        "select route_id, delivery, error_class, error_message, failed_at from message_failure"
                                + " where message_id = ? order by failed_at, id",
                        jmsId);
        letter.put("deliveryFailures", failures.size());
        if (!failures.isEmpty()) {
            Map<String, Object> last = failures.get(failures.size() - 1);
            letter.put("firstFailedAt", ((Timestamp) failures.get(0).get("failed_at")).toInstant());
            letter.put("lastFailedAt", ((Timestamp) last.get("failed_at")).toInstant());
            letter.put("routeId", last.get("route_id"));
            letter.put("errorClass", last.get("error_class"));
            // Recorded masked by MessageFailures; masked again in case an older row was not.
            letter.put("error", PiiMasker.mask((String) last.get("error_message")));
        }
        letter.put("bodyPreview", preview(message));
        return letter;
    }

    private String preview(CompositeData message) {
        int max = properties.deadLetterBodyPreview();
        if (max <= 0) {
            return null;
        }
        // The broker sends a text body as text (already cut to its attribute size limit) and any
        // other body as bytes, which are not shown.
        if (!message.containsKey(CompositeDataConstants.TEXT_BODY)) {
            return "(not a text message)";
        }
        String masked = PiiMasker.mask(String.valueOf(message.get(CompositeDataConstants.TEXT_BODY)));
        return masked.length() <= max ? masked : masked.substring(0, max) + "...";
    }

    private static String jmsMessageId(CompositeData message) {
        Object userId = message.get(CompositeDataConstants.USER_ID);
        return userId == null || userId.toString().isEmpty() ? null : userId.toString();
    }

    private static String stringProperty(CompositeData message, String name) {
        if (!message.containsKey(CompositeDataConstants.STRING_PROPERTIES)
                || !(message.get(CompositeDataConstants.STRING_PROPERTIES) instanceof TabularData rows)) {
            return null;
        }
        CompositeData row = rows.get(new Object[] {name});
        return row == null ? null : String.valueOf(row.get("value"));
    }

    private Located locate(String id) {
        int colon = id == null ? -1 : id.lastIndexOf(':');
        if (colon <= 0 || !id.startsWith(PREFIX)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No dead letter " + id);
        }
        long messageId;
        try {
            messageId = Long.parseLong(id.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No dead letter " + id);
        }
        String queueName = id.substring(0, colon);
        Optional<QueueInfo> queue = deadLetterQueues().stream()
                .filter(q -> q.name().equals(queueName))
                .findFirst();
        if (queue.isEmpty()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No dead letter " + id);
        }
        long pages = Math.max(1, (queue.get().messageCount() + LOCATE_PAGE - 1) / LOCATE_PAGE);
        for (int page = 1; page <= pages; page++) {
            for (CompositeData message : broker.browse(queueName, page, LOCATE_PAGE)) {
                if (String.valueOf(messageId).equals(String.valueOf(message.get(CompositeDataConstants.MESSAGE_ID)))) {
                    return new Located(queueName, messageId, message);
                }
            }
        }
        throw new ProblemException(ProblemType.NOT_FOUND, "No dead letter " + id);
    }

    private List<QueueInfo> deadLetterQueues() {
        return broker.queues().stream()
                .filter(queue -> queue.name().startsWith(PREFIX))
                .sorted(Comparator.comparing(QueueInfo::name))
                .toList();
    }

    private record Located(String queue, long messageId, CompositeData message) {}
}
