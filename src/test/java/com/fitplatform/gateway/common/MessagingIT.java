package com.fitplatform.gateway.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.GatewayIntegrationTest;
import com.fitplatform.gateway.support.Tokens;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Queues are durable, failures end in the dead-letter queue with their reason, events leave once. */
class MessagingIT extends GatewayIntegrationTest {

    @Autowired
    Tokens tokens;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ConnectionFactory connections;

    @Autowired
    EmbeddedActiveMQ broker;

    @Autowired
    CamelContext camel;

    @Autowired
    ObjectMapper json;

    @Test
    void shouldPublishProbeProcessedExactlyOncePerStateChange() throws Exception {
        try (Connection connection = connections.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer events = session.createConsumer(session.createTopic("platform.events"));
            List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
            events.setMessageListener(message -> received.add(read(message)));
            connection.start();

            String id = acceptProbe("{\"label\":\"outbox\"}");
            awaitProcessed(id);
            // Give a duplicate every chance to show up: two more relay cycles at least.
            await().pollDelay(Duration.ofMillis(500)).until(() -> true);

            List<JsonNode> mine = received.stream()
                    .filter(event -> id.equals(event.path("aggregateId").asText()))
                    .toList();
            assertThat(mine).hasSize(1);
            assertThat(mine.get(0).path("type").asText()).isEqualTo("probe.processed");
            assertThat(mine.get(0).path("id").asText()).isNotBlank();
            assertThat(jdbc.queryForObject(
                            "select count(*) from outbox_event where aggregate_id = ? and published_at is not null",
                            Long.class,
                            id))
                    .isEqualTo(1);
        }
    }

    @Test
    void shouldMoveAPoisonMessageToItsDeadLetterQueueAfterTheConfiguredAttempts() throws Exception {
        int deadBefore = browse("DLQ.probes.requests").size();

        String id = acceptProbe("{\"label\":\"poison\",\"failProcessing\":true}");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> browse("DLQ.probes.requests").size() == deadBefore + 1);
        List<String> dead = browse("DLQ.probes.requests");
        assertThat(dead.get(dead.size() - 1)).contains(id);
        // Every delivery (3 in the test profile) left its reason behind; nothing was processed.
        assertThat(jdbc.queryForList(
                        "select error_message from message_failure where queue = 'probes.requests'"
                                + " and error_message like ?",
                        String.class,
                        "%" + id + "%"))
                .hasSize(3)
                .allSatisfy(message -> assertThat(message).contains("asked to fail"));
        assertThat(jdbc.queryForObject("select count(*) from pipeline_probe where id = ?::uuid", Long.class, id))
                .isZero();
    }

    @Test
    void shouldKeepAnAcceptedMessageAcrossABrokerRestart() throws Exception {
        camel.getRouteController().stopRoute("probe-process");
        try {
            String id = acceptProbe("{\"label\":\"survivor\"}");
            assertThat(browse("probes.requests"))
                    .anySatisfy(body -> assertThat(body).contains(id));

            broker.stop();
            broker.start();
            camel.getRouteController().startRoute("probe-process");

            awaitProcessed(id);
        } finally {
            if (!camel.getRouteController().getRouteStatus("probe-process").isStarted()) {
                camel.getRouteController().startRoute("probe-process");
            }
        }
        // The broker still works for everyone after the restart.
        Response echo = gateway()
                .post("/api/probes/echo", "{}")
                .bearer(tokens.service("tests"))
                .send();
        assertThat(echo.status()).isEqualTo(200);
    }

    private String acceptProbe(String body) {
        Response accepted = gateway()
                .post("/api/probes", body)
                .bearer(tokens.service("tests"))
                .send();
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().path("id").asText();
    }

    private void awaitProcessed(String id) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Response probe = gateway()
                    .get("/api/probes/" + id)
                    .bearer(tokens.service("tests"))
                    .send();
            assertThat(probe.status()).isEqualTo(200);
            assertThat(probe.json().path("state").asText()).isEqualTo("processed");
        });
    }

    /**
     * Message bodies in a queue, read through the broker itself: a JMS browser would auto-create a
     * missing DLQ as a queue of its own address, and the broker would then drop dead letters.
     */
    private List<String> browse(String queueName) throws Exception {
        org.apache.activemq.artemis.core.server.Queue queue =
                broker.getActiveMQServer().locateQueue(queueName);
        List<String> bodies = new ArrayList<>();
        if (queue == null) {
            return bodies;
        }
        try (var references = queue.browserIterator()) {
            while (references.hasNext()) {
                var message = references.next().getMessage().toCore();
                bodies.add(message.getReadOnlyBodyBuffer()
                        .readNullableSimpleString()
                        .toString());
            }
        }
        return bodies;
    }

    private JsonNode read(Message message) {
        try {
            return json.readTree(((TextMessage) message).getText());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
