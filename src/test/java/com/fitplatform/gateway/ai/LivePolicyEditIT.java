package com.fitplatform.gateway.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fitplatform.gateway.common.resilience.ResiliencePolicies;
import com.fitplatform.gateway.support.GatewayClient.Response;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A live edit of the recommendation service's policy in config/ reaches the running route: its
 * breaker, its 2 s budget and the HTTP client's timeouts all follow the edited policy without a
 * restart, and the change is recorded as a rebuild of the route file.
 */
class LivePolicyEditIT extends AiTestSupport {

    private static final Path OPS_YAML = Path.of("config", "ops.yaml");

    @Autowired
    ResiliencePolicies policies;

    @Autowired
    CamelContext camel;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldCallTheServiceUnderTheEditedPolicyWithoutARestart() throws Exception {
        String original = Files.readString(OPS_YAML);
        Duration before = policies.policy("recommendations").timeout();
        long rebuildsAtStart = rebuilds();
        // Inside the 2 s budget in force at start, far outside the 200 ms one edited in below.
        fault("recommendations", "{\"mode\":\"slow\",\"delayMillis\":1000}");
        assertThat(source(recommend(request("user-policy-1")))).isEqualTo("model");
        try {
            long rebuilds = rebuilds();
            Files.writeString(OPS_YAML, original + recommendationsTimeout("200ms"));
            awaitRebuiltWith(Duration.ofMillis(200), rebuilds);

            long started = System.nanoTime();
            Response shortened = recommend(request("user-policy-2"));
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(source(shortened)).isEqualTo("fallback");
            assertThat(elapsedMillis).isLessThan(1000);
            CircuitBreaker current = policies.breaker("recommendations");
            assertThat(camel.getRegistry().lookupByName("recommendationsCircuitBreaker"))
                    .isSameAs(current);
            // The breaker the route counted the timeout on is the one ops see and reset.
            assertThat(current.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);

            // Longer than the budget the HTTP client was built with at start (2 s + 1 s).
            fault("recommendations", "{\"mode\":\"slow\",\"delayMillis\":3300}");
            rebuilds = rebuilds();
            Files.writeString(OPS_YAML, original + recommendationsTimeout("5s"));
            awaitRebuiltWith(Duration.ofSeconds(5), rebuilds);

            assertThat(source(recommend(request("user-policy-3")))).isEqualTo("model");
        } finally {
            // Back to the policy the other tests expect, even when an assertion above failed.
            Files.writeString(OPS_YAML, original);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> policies.policy("recommendations").timeout().equals(before));
        }
        awaitRebuiltWith(before, rebuildsAtStart + 2);
        assertThat(jdbc.queryForList(
                        "select outcome from ops_change where action = 'route-rebuild'"
                                + " and target = 'ai-recommend-workouts.camel.yaml' order by id offset ?",
                        String.class,
                        rebuildsAtStart))
                .hasSize(3)
                .containsOnly("applied");
    }

    /** Waits for the policy and for the rebuild of the route that follows it (recorded after it). */
    private void awaitRebuiltWith(Duration timeout, long rebuildsBefore) {
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        policies.policy("recommendations").timeout().equals(timeout) && rebuilds() > rebuildsBefore);
    }

    private long rebuilds() {
        return jdbc.queryForObject(
                "select count(*) from ops_change where action = 'route-rebuild'"
                        + " and target = 'ai-recommend-workouts.camel.yaml'",
                Long.class);
    }

    private static String source(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().path("source").asText();
    }

    private static String recommendationsTimeout(String timeout) {
        return "  resilience:\n    services:\n      recommendations:\n        timeout: " + timeout + "\n";
    }
}
