package com.fitplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.GatewayIntegrationTest;
import com.fitplatform.gateway.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Live edits of routes/ in the running gateway: a test-owned route file is created, edited, broken
 * and deleted while the gateway runs (always removed again, even when a test fails).
 */
class LiveRouteEditIT extends GatewayIntegrationTest {

    @Autowired
    CamelContext camel;

    @Autowired
    Tokens tokens;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    ProducerTemplate producer;
    String routeId;
    Path file;

    @BeforeEach
    void ownRouteFile() {
        producer = camel.createProducerTemplate();
        routeId = "ops-test-" + UUID.randomUUID().toString().substring(0, 8);
        file = Path.of("routes", routeId + ".camel.yaml");
    }

    @AfterEach
    void removeRouteFile() throws Exception {
        Files.deleteIfExists(file);
        await().atMost(Duration.ofSeconds(60)).until(() -> camel.getRoute(routeId) == null);
        producer.close();
    }

    @Test
    void shouldApplyAnEditedRouteFileWithoutRestart() throws Exception {
        write(route("v1", null));
        awaitAnswer("v1");

        write(route("v2", null));

        awaitAnswer("v2");
        // The change is recorded right after the swap; on a busy machine the answer can come first.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from ops_change where target = ?", Long.class, routeId + ".camel.yaml")
                        == 2);
        List<Map<String, Object>> audit = jdbc.queryForList(
                "select actor, outcome, diff from ops_change where target = ? order by id", routeId + ".camel.yaml");
        assertThat(audit).hasSize(2);
        assertThat(audit).allSatisfy(row -> {
            assertThat(row.get("actor")).isEqualTo("file-watcher");
            assertThat(row.get("outcome")).isEqualTo("applied");
        });
        assertThat((String) audit.get(1).get("diff"))
                .contains("--- a/" + routeId + ".camel.yaml")
                .contains("-            constant: v1")
                .contains("+            constant: v2");
        JsonNode listed = listedRoute();
        assertThat(listed.path("state").asText()).isEqualTo("Started");
        assertThat(listed.path("sourceFile").asText()).isEqualTo(routeId + ".camel.yaml");
        assertThat(listed.path("exchangesTotal").asLong()).isPositive();
    }

    @Test
    void shouldKeepTheRunningRouteAndReportWhenAnEditIsInvalid() throws Exception {
        write(route("v1", null));
        awaitAnswer("v1");
        Map<String, String> broken = Map.of(
                "- route:\n    id: " + routeId + "\n    from: [this is not\n",
                "not valid Camel YAML DSL",
                route("v2", "        - to:\n            uri: nosuchcomponent:somewhere\n"),
                "nosuchcomponent:somewhere",
                route("v2", "        - bean:\n            ref: noSuchBean\n            method: go\n"),
                "bean 'noSuchBean' does not exist",
                route("v2", "        - bean:\n            ref: pipelineProbes\n            method: noSuchMethod\n"),
                "has no method 'noSuchMethod'",
                route("v2", "        - to:\n            uri: jms:queue:{{gateway.queues.no-such-queue}}\n"),
                "gateway.queues.no-such-queue",
                route("v2", null).replace("id: " + routeId, "id: someone-elses-id"),
                "one route per file");

        for (Map.Entry<String, String> edit : broken.entrySet()) {
            double failuresBefore = failures();
            write(edit.getKey());

            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(problemOf(routeId)).contains(edit.getValue()));
            assertThat(failures()).isGreaterThan(failuresBefore);
            assertThat(producer.requestBody("direct:" + routeId, "", String.class))
                    .isEqualTo("v1");
            assertThat(listedRoute().path("state").asText()).isEqualTo("Started");
        }

        write(route("v3", null));
        awaitAnswer("v3");
        assertThat(problemOf(routeId)).isEmpty();
        assertThat(jdbc.queryForObject(
                        "select count(*) from ops_change where target = ? and outcome = 'refused'",
                        Long.class,
                        routeId + ".camel.yaml"))
                .isEqualTo(broken.size());
    }

    @Test
    void shouldFinishInFlightExchangesOnTheOldRouteBeforeReplacingIt() throws Exception {
        write(route("slow-v1", "        - delay:\n            constant: 1500\n"));
        awaitAnswer("slow-v1");

        CompletableFuture<String> inFlight =
                CompletableFuture.supplyAsync(() -> producer.requestBody("direct:" + routeId, "", String.class));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> camel.getInflightRepository().size(routeId) == 1);
        write(route("v2", null));

        assertThat(inFlight.get()).isEqualTo("slow-v1");
        awaitAnswer("v2");
    }

    @Test
    void shouldReloadOnDemandAndRecordTheOpsSubject() throws Exception {
        write(route("v1", null));
        awaitAnswer("v1");
        write(route("v2", null));

        Response reloaded = gateway()
                .post("/ops/routes/reload?scope=routes", null)
                .bearer(tokens.ops())
                .send();

        assertThat(reloaded.status()).as(reloaded.toString()).isEqualTo(200);
        assertThat(producer.requestBody("direct:" + routeId, "", String.class)).isEqualTo("v2");
        assertThat(jdbc.queryForList(
                        "select actor from ops_change where target = ? order by id",
                        String.class,
                        routeId + ".camel.yaml"))
                .containsExactly("file-watcher", "ops-test");
    }

    @Test
    void shouldSerializeConcurrentEditsSoEachRecordedChangeStartsWhereThePreviousEnded() throws Exception {
        write(route("v0", null));
        awaitAnswer("v0");
        // The creation is recorded right after the swap; on a busy machine the answer can come first.
        await().atMost(Duration.ofSeconds(20)).until(() -> lastChangeOfFile() > 0);
        long lastChange = lastChangeOfFile();
        ExecutorService editors = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> reloads = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                String version = "v" + i;
                reloads.add(editors.submit(() -> {
                    writeAtomically(route(version, null));
                    return gateway()
                            .post("/ops/routes/reload?scope=routes", null)
                            .bearer(tokens.ops())
                            .send()
                            .status();
                }));
            }
            for (Future<Integer> reload : reloads) {
                assertThat(reload.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            editors.shutdownNow();
        }
        String last = Files.readString(file).replaceAll("(?s).*constant: (v\\d+).*", "$1");

        awaitAnswer(last);

        // Serialized edits form one chain: each applied diff starts from what the previous one left.
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(lastAppliedVersion(lastChange)).isEqualTo(last));
        List<Map<String, Object>> changes = jdbc.queryForList(
                "select outcome, diff from ops_change where target = ? and id > ? order by id",
                routeId + ".camel.yaml",
                lastChange);
        assertThat(changes).isNotEmpty().allSatisfy(change -> assertThat(change.get("outcome"))
                .isEqualTo("applied"));
        String running = "v0";
        for (Map<String, Object> change : changes) {
            String diff = (String) change.get("diff");
            assertThat(diff).as("change after " + running).contains("-            constant: " + running + "\n");
            running = diff.replaceAll("(?s).*\\n\\+            constant: (v\\d+).*", "$1");
        }
        assertThat(running).isEqualTo(last);
    }

    @Test
    void shouldStopAndStartARouteOnRequest() throws Exception {
        write(route("v1", null));
        awaitAnswer("v1");

        Response stopped = gateway()
                .post("/ops/routes/" + routeId + "/stop", null)
                .bearer(tokens.ops())
                .send();
        assertThat(stopped.status()).as(stopped.toString()).isEqualTo(200);
        assertThat(stopped.json().path("state").asText()).isEqualTo("Stopped");
        Response started = gateway()
                .post("/ops/routes/" + routeId + "/start", null)
                .bearer(tokens.ops())
                .send();

        assertThat(started.json().path("state").asText()).isEqualTo("Started");
        assertThat(producer.requestBody("direct:" + routeId, "", String.class)).isEqualTo("v1");
        assertThat(gateway()
                        .post("/ops/routes/no-such-route/stop", null)
                        .bearer(tokens.ops())
                        .send()
                        .status())
                .isEqualTo(404);
    }

    @Test
    void shouldRefuseOpsEndpointsWithoutTheOpsRole() {
        String service = tokens.service("tests");
        for (String[] call : new String[][] {
            {"GET", "/ops/routes"},
            {"POST", "/ops/routes/reload"},
            {"POST", "/ops/routes/probe-find/stop"},
            {"GET", "/ops/changes"},
            {"GET", "/ops/queues"},
            {"GET", "/ops/dead-letters"},
            {"POST", "/ops/dead-letters/DLQ.probes.requests:1/replay"},
            {"DELETE", "/ops/dead-letters/DLQ.probes.requests:1"},
            {"GET", "/ops/resilience"},
            {"POST", "/ops/resilience/email/reset"},
            {"POST", "/ops/service-tokens"},
            {"POST", "/ops/keys/rotate"},
            {"GET", "/actuator/prometheus"},
            {"GET", "/actuator/camelroutes"}
        }) {
            assertThat(gateway()
                            .request(call[0], call[1], null)
                            .bearer(service)
                            .send()
                            .status())
                    .as(call[0] + " " + call[1])
                    .isEqualTo(403);
            assertThat(gateway().request(call[0], call[1], null).send().status())
                    .as(call[0] + " " + call[1] + " without a token")
                    .isEqualTo(401);
        }
        assertThat(camel.getRouteController().getRouteStatus("probe-find").isStarted())
                .isTrue();
    }

    @Test
    void shouldServeTheConsolePageWithoutATokenButNoDataWithoutOne() {
        Response page = gateway().get("/ops-console/index.html").send();

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("ops console").contains("sessionStorage");
        assertThat(gateway().get("/ops/routes").send().status()).isEqualTo(401);
    }

    private String route(String answer, String extraSteps) {
        return "- route:\n"
                + "    id: " + routeId + "\n"
                + "    description: Test-owned route of LiveRouteEditIT\n"
                + "    from:\n"
                + "      uri: direct:" + routeId + "\n"
                + "      steps:\n"
                + (extraSteps == null ? "" : extraSteps)
                + "        - setBody:\n"
                + "            constant: " + answer + "\n";
    }

    private void write(String content) throws Exception {
        Files.writeString(file, content);
    }

    /** Replaces the file in one step, so neither the watcher nor a reload reads it half-written. */
    private void writeAtomically(String content) throws Exception {
        Path next = Files.createTempFile(file.getParent(), routeId, ".next");
        Files.writeString(next, content);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private long lastChangeOfFile() {
        return jdbc.queryForObject(
                "select coalesce(max(id), 0) from ops_change where target = ?", Long.class, routeId + ".camel.yaml");
    }

    private String lastAppliedVersion(long after) {
        List<String> diffs = jdbc.queryForList(
                "select diff from ops_change where target = ? and id > ? and outcome = 'applied' order by id desc"
                        + " limit 1",
                String.class,
                routeId + ".camel.yaml",
                after);
        return diffs.isEmpty() ? "" : diffs.get(0).replaceAll("(?s).*\\n\\+            constant: (v\\d+).*", "$1");
    }

    private void awaitAnswer(String expected) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(
                        producer.requestBody("direct:" + routeId, "", String.class))
                .isEqualTo(expected));
    }

    private JsonNode listedRoute() {
        Response routes = gateway().get("/ops/routes").bearer(tokens.ops()).send();
        assertThat(routes.status()).as(routes.toString()).isEqualTo(200);
        for (JsonNode route : routes.json().path("routes")) {
            if (route.path("id").asText().equals(routeId)) {
                return route;
            }
        }
        throw new AssertionError("Route " + routeId + " not listed: " + routes.body());
    }

    private String problemOf(String id) {
        Response routes = gateway().get("/ops/routes").bearer(tokens.ops()).send();
        for (JsonNode problem : routes.json().path("problems")) {
            if (problem.path("file").asText().equals(id + ".camel.yaml")) {
                return problem.path("error").asText();
            }
        }
        return "";
    }

    private double failures() {
        var counter = meters.find("gateway.routes.reload.failures")
                .tag("kind", "route")
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
