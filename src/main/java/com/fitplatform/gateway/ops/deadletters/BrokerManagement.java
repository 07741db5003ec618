package com.fitplatform.gateway.ops.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.ops.OpsProperties;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.management.openmbean.CompositeData;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Artemis management over the gateway's own broker connection: request messages to the management
 * address, answered on a temporary queue. The same path serves the embedded broker and an external
 * one ({@code GATEWAY_BROKER_URL}, whose user needs the {@code manage} permission), and it never
 * touches a queue as a JMS destination, so asking about a queue can never auto-create it.
 */
@Component
public class BrokerManagement {

    static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final int QUEUE_PAGE = 500;

    private final JmsTemplate jms;
    private final ObjectMapper json;
    private final long timeoutMillis;

    public BrokerManagement(ConnectionFactory connections, ObjectMapper json, OpsProperties properties) {
        // A template of its own: request and reply must not share a transaction (the reply would
        // wait for a commit that comes only after it), and the wait for the reply is bounded.
        this.jms = new JmsTemplate(connections);
        this.jms.setSessionTransacted(false);
        this.timeoutMillis = properties.brokerManagementTimeout().toMillis();
        this.jms.setReceiveTimeout(timeoutMillis);
        this.json = json;
    }

    /** One durable or temporary queue as the broker reports it. */
    public record QueueInfo(
            String name, String address, long messageCount, int consumerCount, boolean temporary, boolean internal) {}

    /** Every queue of the broker, by name. */
    public List<QueueInfo> queues() {
        List<QueueInfo> queues = new ArrayList<>();
        for (int page = 1; ; page++) {
            // No filter: the view's options are field/operation/value, all empty.
            String answer = (String) invoke(
                    ResourceNames.BROKER,
                    "listQueues",
                    "{\"field\":\"\",\"operation\":\"\",\"value\":\"\"}",
                    page,
                    QUEUE_PAGE);
            JsonNode list;
            try {
                list = json.readTree(answer);
            } catch (Exception e) {
                throw new ProblemException(
                        ProblemType.SERVICE_UNAVAILABLE, "The broker answered listQueues with something not JSON");
            }
            for (JsonNode queue : list.path("data")) {
                queues.add(new QueueInfo(
                        queue.path("name").asText(),
                        queue.path("address").asText(),
                        queue.path("messageCount").asLong(),
                        queue.path("consumerCount").asInt(),
                        queue.path("temporary").asBoolean(),
                        queue.path("internalQueue").asBoolean()));
            }
            if (list.path("data").size() < QUEUE_PAGE
                    || queues.size() >= list.path("count").asLong()) {
                return queues;
            }
        }
    }

    /** Up to {@code pageSize} messages of page {@code page} (from 1), bodies cut by the broker's attribute limit. */
    public List<CompositeData> browse(String queue, int page, int pageSize) {
        Object answer = invoke(ResourceNames.QUEUE + queue, "browse", page, pageSize);
        // Artemis sends composite data Java-serialized under its class name; its JsonUtil reads it
        // back with an allow-list of java.util, java.lang and javax.management classes only.
        if (answer instanceof Map<?, ?> typed) {
            answer = typed.get(CompositeData.class.getName());
        }
        if (answer instanceof Object[] messages) {
            return Arrays.stream(messages)
                    .filter(CompositeData.class::isInstance)
                    .map(CompositeData.class::cast)
                    .toList();
        }
        return List.of();
    }

    /** Invokes {@code operation} on the management resource (e.g. {@code queue.DLQ.x}) and returns its result. */
    public Object invoke(String resource, String operation, Object... parameters) {
        Message reply;
        try {
            reply = jms.sendAndReceive(MANAGEMENT_ADDRESS, session -> {
                Message request = session.createMessage();
                JMSManagementHelper.putOperationInvocation(request, resource, operation, parameters);
                return request;
            });
        } catch (RuntimeException e) {
            // Not reachable, or the broker user lacks the manage permission: say which.
            throw new ProblemException(
                    ProblemType.SERVICE_UNAVAILABLE,
                    "Broker management request " + operation + " on " + resource + " failed: " + rootMessage(e));
        }
        if (reply == null) {
            throw new ProblemException(
                    ProblemType.SERVICE_UNAVAILABLE,
                    "The broker did not answer " + operation + " on " + resource + " within " + timeoutMillis + " ms");
        }
        try {
            if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                throw new ProblemException(
                        ProblemType.SERVICE_UNAVAILABLE,
                        "The broker refused " + operation + " on " + resource + ": "
                                + JMSManagementHelper.getResult(reply));
            }
            return JMSManagementHelper.getResult(reply);
        } catch (ProblemException e) {
            throw e;
        } catch (JMSException e) {
            throw new ProblemException(
                    ProblemType.SERVICE_UNAVAILABLE, "Unreadable management answer from the broker: " + e.getMessage());
        } catch (Exception e) {
            throw new ProblemException(
                    ProblemType.SERVICE_UNAVAILABLE, "Unreadable management answer from the broker: " + e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
