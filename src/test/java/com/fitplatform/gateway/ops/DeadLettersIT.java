package com.fitplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.GatewayIntegrationTest;
import com.fitplatform.gateway.support.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Dead letters listed with their reason, replayed to their queue, discarded with a reason: through
 * the broker's management messages, as with an external broker (see ExternalBrokerDeadLettersTest).
 */
class DeadLettersIT extends GatewayIntegrationTest {

    @Autowired
    Tokens tokens;

    @Autowired
    CamelContext camel;

    @Autowired
    EmbeddedActiveMQ broker;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldListReplayAndDiscardADeadLetter() throws Exception {
        String probeId = failingProbe("write to zed.dead@example.org");

        JsonNode letter = awaitDeadLetter(probeId, 3);

        assertThat(letter.path("originalQueue").asText()).isEqualTo("probes.requests");
        assertThat(letter.path("deadLetterQueue").asText()).isEqualTo("DLQ.probes.requests");
        assertThat(letter.path("errorClass").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(letter.path("error").asText()).contains("asked to fail");
        assertThat(letter.path("firstFailedAt").asText()).isNotBlank();
        assertThat(letter.path("routeId").asText()).isEqualTo("probe-process");
        assertThat(letter.path("requestId").asText()).isNotBlank();
        assertThat(letter.toString()).doesNotContain("zed.dead@example.org");

        // Replay: with the consumer stopped, the message is seen back in its own queue.
        camel.getRouteController().stopRoute("probe-process");
        try {
            Response replayed = gateway()
                    .post("/ops/dead-letters/" + letter.path("id").asText() + "/replay", null)
                    .bearer(tokens.ops())
                    .send();
            assertThat(replayed.status()).as(replayed.toString()).isEqualTo(200);
            assertThat(replayed.json().path("replayedTo").asText()).isEqualTo("probes.requests");
            assertThat(findDeadLetter(probeId)).isNull();
            assertThat(bodies("probes.requests"))
                    .anySatisfy(body -> assertThat(body).contains(probeId));
        } finally {
            camel.getRouteController().startRoute("probe-process");
        }
        // The consumer got it again (3 more failures), so it is back: once, not twice.
        JsonNode again = awaitDeadLetter(probeId, 6);
        assertThat(bodies("DLQ.probes.requests").stream().filter(b -> b.contains(probeId)))
                .hasSize(1);

        Response withoutReason = gateway()
                .request("DELETE", "/ops/dead-letters/" + again.path("id").asText(), null)
                .bearer(tokens.ops())
                .send();
        assertThat(withoutReason.status()).isEqualTo(400);
        Response discarded = gateway()
                .request(
                        "DELETE",
                        "/ops/dead-letters/" + again.path("id").asText(),
                        "{\"reason\":\"probe test, not needed\"}")
                .header("Content-Type", "application/json")
                .bearer(tokens.ops())
                .send();

        assertThat(discarded.status()).as(discarded.toString()).isEqualTo(200);
        assertThat(findDeadLetter(probeId)).isNull();
        assertThat(bodies("DLQ.probes.requests"))
                .noneSatisfy(body -> assertThat(body).contains(probeId));
        assertThat(jdbc.queryForList(
                        "select actor || ' ' || action || ' ' || detail from ops_change where target = ?",
                        String.class,
                        again.path("id").asText()))
                .singleElement()
                .asString()
                .contains("ops-test dead-letter-discard reason: probe test, not needed");
        assertThat(jdbc.queryForObject("select count(*) from pipeline_probe where id = ?::uuid", Long.class, probeId))
                .isZero();
    }

    @Test
    void shouldAnswerNotFoundForUnknownOrForgedDeadLetterIds() {
        for (String id : List.of("DLQ.probes.requests:999999999", "probes.requests:1", "DLQ.nope:1", "DLQ.x:abc")) {
            Response replay = gateway()
                    .post("/ops/dead-letters/" + id + "/replay", null)
                    .bearer(tokens.ops())
                    .send();
            assertThat(replay.status()).as(id).isEqualTo(404);
        }
        assertThat(gateway()
                        .get("/ops/dead-letters?limit=0")
                        .bearer(tokens.ops())
                        .send()
                        .status())
                .isEqualTo(400);
        Response queues = gateway().get("/ops/queues").bearer(tokens.ops()).send();
        assertThat(queues.status()).isEqualTo(200);
        assertThat(queues.body()).contains("probes.requests");
        // Listing never creates a dead-letter queue.
        assertThat(broker.getActiveMQServer().locateQueue(SimpleString.of("DLQ.nope")))
                .isNull();
    }

    private String failingProbe(String label) {
        Response accepted = gateway()
                .post("/api/probes", "{\"label\":\"" + label + "\",\"failProcessing\":true}")
                .bearer(tokens.service("tests"))
                .send();
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().path("id").asText();
    }

    private JsonNode awaitDeadLetter(String probeId, int failures) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode letter = findDeadLetter(probeId);
            return letter != null && letter.path("deliveryFailures").asInt() >= failures;
        });
        return findDeadLetter(probeId);
    }

    private JsonNode findDeadLetter(String probeId) {
        Response list = gateway().get("/ops/dead-letters").bearer(tokens.ops()).send();
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        for (JsonNode letter : list.json().path("deadLetters")) {
            if (letter.path("bodyPreview").asText().contains(probeId)) {
                return letter;
            }
        }
        return null;
    }

    private List<String> bodies(String queueName) throws Exception {
        Queue queue = broker.getActiveMQServer().locateQueue(SimpleString.of(queueName));
        List<String> bodies = new ArrayList<>();
        if (queue == null) {
            return bodies;
        }
        try (var references = queue.browserIterator()) {
            while (references.hasNext()) {
                bodies.add(references
                        .next()
                        .getMessage()
                        .toCore()
                        .getReadOnlyBodyBuffer()
                        .readNullableSimpleString()
                        .toString());
            }
        }
        return bodies;
    }
}
