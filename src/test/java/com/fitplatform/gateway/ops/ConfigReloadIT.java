package com.fitplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.common.resilience.ResiliencePolicies;
import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.GatewayIntegrationTest;
import com.fitplatform.gateway.support.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Live edits of config/: a resilience policy changes without a restart; a negative timeout or
 * broken YAML is refused and nothing changes; the payment routing table in config/payments.yaml
 * routes the next subscription, and a table naming an unknown gateway is refused. Every edited
 * file is restored, even when a test fails.
 */
class ConfigReloadIT extends GatewayIntegrationTest {

    private static final Path OPS_YAML = Path.of("config", "ops.yaml");
    private static final Path PAYMENTS_YAML = Path.of("config", "payments.yaml");
    private static final String RUSSIAN_CHAIN = "chain: [yookassa, sberbank, webmoney]";
    private static final String SBERBANK_ENABLED = "sberbank:\n        enabled: true";

    @Autowired
    ResiliencePolicies policies;

    @Autowired
    CamelContext camel;

    @Autowired
    Environment environment;

    @Autowired
    Tokens tokens;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldApplyAChangedTimeoutLiveAndRefuseANegativeOne() throws Exception {
        String original = Files.readString(OPS_YAML);
        Duration before = policies.policy("email").timeout();
        try {
            Files.writeString(OPS_YAML, original + email("7s"));

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> policies.policy("email").timeout().equals(Duration.ofSeconds(7)));
            assertThat(camel.resolvePropertyPlaceholders("{{resilience.email.timeout-millis}}"))
                    .isEqualTo("7000");
            assertThat(environment.getProperty("gateway.resilience.services.email.timeout"))
                    .isEqualTo("7s");
            assertThat(policies.breaker("email").getCircuitBreakerConfig().getSlowCallDurationThreshold())
                    .isEqualTo(Duration.ofSeconds(7));
            assertThat(healthOfEmailBreaker()).isEqualTo("CLOSED");

            Files.writeString(OPS_YAML, original + email("-5s"));

            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(configProblem()).contains("email: timeout must be positive"));
            assertThat(policies.policy("email").timeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(environment.getProperty("gateway.resilience.services.email.timeout"))
                    .isEqualTo("7s");

            Files.writeString(OPS_YAML, original + "  resilience: [unclosed\n");

            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(configProblem()).contains("not valid YAML"));
            assertThat(policies.policy("email").timeout()).isEqualTo(Duration.ofSeconds(7));
        } finally {
            Files.writeString(OPS_YAML, original);
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> policies.policy("email").timeout().equals(before));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(configProblem()).isEmpty());
        assertThat(jdbc.queryForList(
                        "select outcome from ops_change where target = 'ops.yaml' order by id", String.class))
                .containsSubsequence("applied", "refused", "refused", "applied");
    }

    @Test
    void shouldRouteANewSubscriptionByAnEditedPaymentTableAndRefuseAnUnknownGateway() throws Exception {
        String original = Files.readString(PAYMENTS_YAML);
        assertThat(original).contains(RUSSIAN_CHAIN).contains(SBERBANK_ENABLED);
        long lastChange = lastChangeId();
        assertThat(gatewayChosenFor("RU")).isEqualTo("yookassa");
        try {
            writeAtomically(PAYMENTS_YAML, original.replace(RUSSIAN_CHAIN, "chain: [sberbank, yookassa, webmoney]"));

            awaitPaymentsChanges(lastChange, 1);
            assertThat(gatewayChosenFor("RU")).isEqualTo("sberbank");

            writeAtomically(PAYMENTS_YAML, original.replace(RUSSIAN_CHAIN, "chain: [paypal, yookassa]"));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(configProblem("payments.yaml"))
                    .contains("payment route 'russia': unknown gateway 'paypal' in chain"));
            assertThat(environment.getProperty("gateway.payments.routes[0].chain[0]"))
                    .isEqualTo("sberbank");
            assertThat(gatewayChosenFor("RU")).isEqualTo("sberbank");

            writeAtomically(
                    PAYMENTS_YAML,
                    original.replace(RUSSIAN_CHAIN, "chain: [sberbank, yookassa, webmoney]")
                            .replace(SBERBANK_ENABLED, SBERBANK_ENABLED.replace("true", "false")));

            awaitPaymentsChanges(lastChange, 3);
            assertThat(configProblem("payments.yaml")).isEmpty();
            assertThat(gatewayChosenFor("RU")).isEqualTo("yookassa");
        } finally {
            writeAtomically(PAYMENTS_YAML, original);
        }
        awaitPaymentsChanges(lastChange, 4);
        assertThat(gatewayChosenFor("RU")).isEqualTo("yookassa");
        List<Map<String, Object>> audit = jdbc.queryForList(
                "select actor, outcome, diff from ops_change where target = 'payments.yaml' and id > ? order by id",
                lastChange);
        assertThat(audit)
                .extracting(row -> row.get("outcome"))
                .containsExactly("applied", "refused", "applied", "applied");
        assertThat(audit).extracting(row -> row.get("actor")).containsOnly("file-watcher");
        assertThat((String) audit.get(1).get("diff"))
                .contains("-        chain: [sberbank, yookassa, webmoney]")
                .contains("+        chain: [paypal, yookassa]");
    }

    /** The gateway a new subscription in {@code region} is sent to first (RUB amounts). */
    private String gatewayChosenFor(String region) {
        Response accepted = gateway()
                .post(
                        "/api/subscriptions",
                        "{\"userId\":\"user-routing\",\"plan\":\"premium-monthly\",\"amount\":99000,"
                                + "\"currency\":\"RUB\",\"region\":\"" + region + "\"}")
                .bearer(tokens.service("billing"))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .send();
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().path("gateway").asText();
    }

    private void awaitPaymentsChanges(long after, int count) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from ops_change where target = 'payments.yaml' and id > ?",
                                Long.class,
                                after)
                        >= count);
    }

    private long lastChangeId() {
        return jdbc.queryForObject("select coalesce(max(id), 0) from ops_change", Long.class);
    }

    /** Replaces the file in one step, so the watcher never reads it half-written. */
    private static void writeAtomically(Path file, String content) throws Exception {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, content);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String email(String timeout) {
        return "  resilience:\n    services:\n      email:\n        timeout: " + timeout + "\n";
    }

    private String configProblem() {
        return configProblem("ops.yaml");
    }

    private String configProblem(String file) {
        Response routes = gateway().get("/ops/routes").bearer(tokens.ops()).send();
        for (JsonNode problem : routes.json().path("configProblems")) {
            if (problem.path("file").asText().equals(file)) {
                return problem.path("error").asText();
            }
        }
        return "";
    }

    private String healthOfEmailBreaker() {
        JsonNode health = gateway().get("/actuator/health").send().json();
        return health.path("components")
                .path("circuitBreakers")
                .path("components")
                .path("email")
                .path("details")
                .path("state")
                .asText();
    }
}
