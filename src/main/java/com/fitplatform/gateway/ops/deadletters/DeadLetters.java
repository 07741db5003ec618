package com.fitplatform.gateway.ops.deadletters;

import com.fitplatform.gateway.common.audit.PiiMasker;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.ops.OpsChanges;
import com.fitplatform.gateway.ops.OpsProperties;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.core.ICoreMessage;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.filter.Filter;
import org.apache.activemq.artemis.core.postoffice.Binding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.selector.filter.Filterable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Dead letters of every {@code DLQ.*} queue, read through the embedded broker's own API (never a
 * JMS browser: browsing a DLQ that does not exist yet would auto-create a wrong queue). Each entry
 * shows where the message came from, why it failed (joined from {@code message_failure} by the JMS
 * message id the consumer saw) and when it first failed; the body only masked and cut short.
 *
 * <p>Ids are {@code <dlq>:<broker message id>}. A replayed message goes back to its original queue
 * (the broker's retry: the message leaves the DLQ); a discarded one is deleted with its reason in
 * the change audit. With an external broker this answers 503: use the broker's console there.
 */
@Component
public class DeadLetters {

    static final String PREFIX = "DLQ.";

    private final ObjectProvider<EmbeddedActiveMQ> broker;
    private final JdbcTemplate jdbc;
    private final OpsChanges changes;
    private final OpsProperties properties;

    public DeadLetters(
            ObjectProvider<EmbeddedActiveMQ> broker, JdbcTemplate jdbc, OpsChanges changes, OpsProperties properties) {
        this.broker = broker;
        this.jdbc = jdbc;
        this.changes = changes;
        this.properties = properties;
    }

    /** Every dead letter, oldest first per queue; {@code limit} caps the entries per queue. */
    public Map<String, Object> list(int limit) throws Exception {
        List<Map<String, Object>> queues = new ArrayList<>();
        List<Map<String, Object>> letters = new ArrayList<>();
        for (Queue queue : deadLetterQueues()) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("queue", queue.getName().toString());
            summary.put("messageCount", queue.getMessageCount());
            queues.add(summary);
            int taken = 0;
            try (var references = queue.browserIterator()) {
                while (references.hasNext() && taken < limit) {
                    letters.add(describe(queue, references.next()));
                    taken++;
                }
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("queues", queues);
        answer.put("deadLetters", letters);
        return answer;
    }

    /** Every durable queue of the broker with its depth and consumers (temporary queues left out). */
    public Map<String, Object> queues() {
        List<Map<String, Object>> queues = server().getPostOffice()
                .getAllBindings()
                .map(Binding::getBindable)
                .filter(Queue.class::isInstance)
                .map(Queue.class::cast)
                .filter(queue ->
                        !queue.isTemporary() && !queue.getName().toString().startsWith("$"))
                .sorted(Comparator.comparing(queue -> queue.getName().toString()))
                .map(queue -> {
                    Map<String, Object> each = new LinkedHashMap<>();
                    each.put("queue", queue.getName().toString());
                    each.put("address", queue.getAddress().toString());
                    each.put("messageCount", queue.getMessageCount());
                    each.put("consumerCount", queue.getConsumerCount());
                    each.put("deadLetter", queue.getName().toString().startsWith(PREFIX));
                    return each;
                })
                .toList();
        return Map.of("queues", queues);
    }

    /** Sends the message back to its original queue; it leaves the DLQ. */
    public Map<String, Object> replay(String id, String actor) throws Exception {
        Located located = locate(id);
        String origin = located.message().getAnnotationString(Message.HDR_ORIGINAL_QUEUE);
        long messageId = located.message().getMessageID();
        int moved = located.queue().retryMessages(new SingleMessage(messageId));
        if (moved == 0) {
            throw new ProblemException(ProblemType.CONFLICT, "Dead letter " + id + " could not be replayed");
        }
        changes.record(actor, "dead-letter-replay", id, "applied", "back to " + origin, null);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("replayedTo", origin);
        return answer;
    }

    /** Deletes the message; the reason goes to the change audit. */
    public Map<String, Object> discard(String id, String reason, String actor) throws Exception {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "reason is required, 1 to 500 characters");
        }
        Located located = locate(id);
        String jmsId = jmsMessageId(located.message());
        if (!located.queue().deleteReference(located.message().getMessageID())) {
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

    private Map<String, Object> describe(Queue queue, MessageReference reference) {
        ICoreMessage message = reference.getMessage().toCore();
        Map<String, Object> letter = new LinkedHashMap<>();
        String jmsId = jmsMessageId(message);
        letter.put("id", queue.getName() + ":" + message.getMessageID());
        letter.put("deadLetterQueue", queue.getName().toString());
        letter.put("originalQueue", message.getAnnotationString(Message.HDR_ORIGINAL_QUEUE));
        letter.put("originalAddress", message.getAnnotationString(Message.HDR_ORIGINAL_ADDRESS));
        letter.put("jmsMessageId", jmsId);
        letter.put("requestId", message.getStringProperty("X-Request-Id"));
        letter.put("sentAt", message.getTimestamp() == 0 ? null : Instant.ofEpochMilli(message.getTimestamp()));
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

    private String preview(ICoreMessage message) {
        int max = properties.deadLetterBodyPreview();
        if (max <= 0) {
            return null;
        }
        try {
            String text;
            if (message.getType() == Message.TEXT_TYPE) {
                var buffer = message.getReadOnlyBodyBuffer();
                SimpleString value = buffer.readNullableSimpleString();
                text = value == null ? "" : value.toString();
            } else {
                text = "(not a text message)";
            }
            String masked = PiiMasker.mask(text);
            return masked.length() <= max ? masked : masked.substring(0, max) + "...";
        } catch (RuntimeException e) {
            return "(body not readable)";
        }
    }

    private static String jmsMessageId(Message message) {
        Object userId = message.getUserID();
        return userId == null ? null : "ID:" + userId;
    }

    private Located locate(String id) throws Exception {
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
        Queue queue = server().locateQueue(SimpleString.of(id.substring(0, colon)));
        if (queue == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No dead letter " + id);
        }
        try (var references = queue.browserIterator()) {
            while (references.hasNext()) {
                MessageReference reference = references.next();
                if (reference.getMessage().getMessageID() == messageId) {
                    return new Located(queue, reference.getMessage());
                }
            }
        }
        throw new ProblemException(ProblemType.NOT_FOUND, "No dead letter " + id);
    }

    private List<Queue> deadLetterQueues() {
        return server().getPostOffice()
                .getAllBindings()
                .map(Binding::getBindable)
                .filter(Queue.class::isInstance)
                .map(Queue.class::cast)
                .filter(queue -> queue.getName().toString().startsWith(PREFIX))
                .sorted(Comparator.comparing(queue -> queue.getName().toString()))
                .toList();
    }

    private ActiveMQServer server() {
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        if (embedded == null || embedded.getActiveMQServer() == null) {
            throw new ProblemException(
                    ProblemType.SERVICE_UNAVAILABLE,
                    "Dead letters are managed here with the embedded broker only; use the external broker's console");
        }
        return embedded.getActiveMQServer();
    }

    private record Located(Queue queue, Message message) {}

    /** Selects one message by its broker id (what the broker's own retryMessage operation does). */
    private record SingleMessage(long messageId) implements Filter {
        @Override
        public boolean match(Message message) {
            return message.getMessageID() == messageId;
        }

        @Override
        public boolean match(Map<String, String> map) {
            return false;
        }

        @Override
        public boolean match(Filterable filterable) {
            return false;
        }

        @Override
        public SimpleString getFilterString() {
            return SimpleString.of("AMQMessageID=" + messageId);
        }
    }
}
