package com.fitplatform.gateway.ops.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.requestid.RequestIds;
import com.fitplatform.gateway.ops.OpsChanges;
import com.fitplatform.gateway.ops.OpsProperties;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManagerImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Dead letters of a broker that is not the gateway's embedded one: a separate Artemis reached only
 * over TCP, with security on (as in docker/artemis/broker.xml), so nothing but the management
 * messages on the broker connection can serve the listing, the replay and the discard.
 */
class ExternalBrokerDeadLettersTest {

    private static final String QUEUE = "orders.in";
    private static final String DLQ = "DLQ." + QUEUE;

    static EmbeddedActiveMQ broker;
    static int port;

    final OpsProperties properties = new OpsProperties(
            "routes", "config", false, Duration.ofMillis(500), 20000, 120, Duration.ofDays(90), Duration.ofSeconds(5));
    final OpsChanges changes = mock(OpsChanges.class);

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        port = freePort();
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setPersistenceEnabled(false);
        configuration.setSecurityEnabled(true);
        configuration.setJMXManagementEnabled(false);
        configuration.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port + "?protocols=CORE");
        configuration.addAddressSetting(
                "#",
                new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of("DLA"))
                        .setAutoCreateDeadLetterResources(true)
                        .setDeadLetterQueuePrefix(SimpleString.of("DLQ."))
                        .setMaxDeliveryAttempts(1)
                        .setAutoCreateQueues(true)
                        .setAutoCreateAddresses(true));
        // "amq" may do everything, management included (the compose stack's role); "app" all but manage.
        configuration.putSecurityRoles(
                "#",
                Set.of(
                        new Role("amq", true, true, true, true, true, true, true, true, true, true, true, true),
                        new Role("app", true, true, true, true, true, true, false, true, true, true, false, false)));
        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser("gateway", "gateway-secret");
        users.addRole("gateway", "amq");
        users.addUser("app", "app-secret");
        users.addRole("app", "app");
        broker = new EmbeddedActiveMQ()
                .setConfiguration(configuration)
                .setSecurityManager(new ActiveMQSecurityManagerImpl(users))
                .start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.stop();
    }

    @Test
    void shouldListReplayAndDiscardDeadLettersOverTheBrokerConnection() throws Exception {
        ConnectionFactory connections = connections("gateway", "gateway-secret");
        deadLetter(connections, "first, write to ann.dead@example.org", "req-first");
        deadLetter(connections, "second", "req-second");
        DeadLetters deadLetters = deadLetters(connections);

        Map<String, Object> listed = deadLetters.list(100);

        List<Map<String, Object>> letters = letters(listed);
        assertThat(letters).hasSize(2);
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.get("deadLetterQueue")).isEqualTo(DLQ);
            assertThat(letter.get("originalQueue")).isEqualTo(QUEUE);
            assertThat((String) letter.get("id")).startsWith(DLQ + ":");
            assertThat((String) letter.get("jmsMessageId")).startsWith("ID:");
        });
        assertThat(letters.get(0).get("requestId")).isEqualTo("req-first");
        assertThat((String) letters.get(0).get("bodyPreview")).startsWith("first, write to ");
        assertThat(listed.toString()).doesNotContain("ann.dead@example.org");
        assertThat(deadLetters.queues().toString()).contains(DLQ).contains("deadLetter=true");

        Map<String, Object> replayed =
                deadLetters.replay((String) letters.get(0).get("id"), "ops-alice");

        assertThat(replayed).containsEntry("replayedTo", QUEUE);
        assertThat(receiveText(connections, QUEUE)).startsWith("first");
        verify(changes)
                .record(
                        eq("ops-alice"),
                        eq("dead-letter-replay"),
                        eq((String) letters.get(0).get("id")),
                        eq("applied"),
                        eq("back to " + QUEUE),
                        isNull());

        deadLetters.discard((String) letters.get(1).get("id"), "duplicate order", "ops-alice");

        assertThat(letters(deadLetters.list(100))).isEmpty();
        verify(changes)
                .record(
                        eq("ops-alice"),
                        eq("dead-letter-discard"),
                        eq((String) letters.get(1).get("id")),
                        eq("applied"),
                        startsWith("reason: duplicate order; message ID:"),
                        isNull());
        assertThatThrownBy(() -> deadLetters.replay((String) letters.get(1).get("id"), "ops-alice"))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.type().status()).isEqualTo(404));
    }

    @Test
    void shouldNeverCreateAQueueWhenAskedForAnUnknownDeadLetter() {
        DeadLetters deadLetters = deadLetters(connections("gateway", "gateway-secret"));

        for (String id : List.of("DLQ.no.such.queue:1", "no.such.queue:1", "DLQ.no.such.queue:abc")) {
            assertThatThrownBy(() -> deadLetters.replay(id, "ops-alice"))
                    .as(id)
                    .isInstanceOfSatisfying(
                            ProblemException.class,
                            e -> assertThat(e.type().status()).isEqualTo(404));
        }

        assertThat(broker.getActiveMQServer().locateQueue(SimpleString.of("DLQ.no.such.queue")))
                .isNull();
        assertThat(broker.getActiveMQServer().locateQueue(SimpleString.of("no.such.queue")))
                .isNull();
    }

    @Test
    void shouldAnswerUnavailableWithTheReasonWhenTheBrokerUserMayNotManage() {
        DeadLetters deadLetters = deadLetters(connections("app", "app-secret"));

        assertThatThrownBy(() -> deadLetters.list(10)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type().status()).isEqualTo(503);
            assertThat(e.getMessage()).containsIgnoringCase("manage");
        });
    }

    private DeadLetters deadLetters(ConnectionFactory connections) {
        return new DeadLetters(
                new BrokerManagement(connections, new ObjectMapper(), properties),
                mock(JdbcTemplate.class),
                changes,
                properties);
    }

    private static ConnectionFactory connections(String user, String password) {
        return new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port, user, password);
    }

    /** Sends a text message and rolls its only delivery back, so the broker moves it to the DLQ. */
    private static void deadLetter(ConnectionFactory connections, String text, String requestId) throws Exception {
        try (Connection connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            TextMessage message = session.createTextMessage(text);
            message.setStringProperty(RequestIds.JMS_PROPERTY, requestId);
            producer.send(message);
            session.commit();
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
            assertThat(consumer.receive(5000)).isNotNull();
            session.rollback();
        }
    }

    private static String receiveText(ConnectionFactory connections, String queue) throws Exception {
        try (Connection connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = (TextMessage)
                    session.createConsumer(session.createQueue(queue)).receive(5000);
            assertThat(message).as("a message back in " + queue).isNotNull();
            return message.getText();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> letters(Map<String, Object> listed) {
        return (List<Map<String, Object>>) listed.get("deadLetters");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
