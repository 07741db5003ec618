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
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Live edits of config/: a resilience policy changes without a restart; a negative timeout or
 * broken YAML is refused and nothing changes. Edits config/ops.yaml (this area's own file) and
 * always restores it. The payment routing table's test waits for the payments merge.
 */
class ConfigReloadIT extends GatewayIntegrationTest {

    private static final Path OPS_YAML = Path.of("config", "ops.yaml");

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

    private static String email(String timeout) {
        return "  resilience:\n    services:\n      email:\n        timeout: " + timeout + "\n";
    }

    private String configProblem() {
        Response routes = gateway().get("/ops/routes").bearer(tokens.ops()).send();
        for (JsonNode problem : routes.json().path("configProblems")) {
            if (problem.path("file").asText().equals("ops.yaml")) {
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
