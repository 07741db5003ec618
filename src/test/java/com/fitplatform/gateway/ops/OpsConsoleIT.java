package com.fitplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.GatewayIntegrationTest;
import com.fitplatform.gateway.support.HeadlessChromium;
import com.fitplatform.gateway.support.Tokens;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ops console in a real headless chromium: an ops token pasted into the page loads the tables,
 * and the replay button of a dead letter sends it back to its queue (seen in the change audit as
 * the token's subject). Needs Debian's chromium and chromium-driver; CI installs them and sets
 * GATEWAY_REQUIRE_BROWSER=1, elsewhere the test is skipped when they are missing.
 */
class OpsConsoleIT extends GatewayIntegrationTest {

    @Autowired
    Tokens tokens;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldReplayADeadLetterFromTheConsolePage() throws Exception {
        if (System.getenv("GATEWAY_REQUIRE_BROWSER") == null) {
            Assumptions.assumeTrue(HeadlessChromium.installed(), "chromium and chromium-driver are not installed");
        }
        String probeId = failingProbe();
        String letterId = awaitDeadLetter(probeId);

        try (HeadlessChromium browser = new HeadlessChromium()) {
            browser.open("http://127.0.0.1:" + PORT + "/ops-console/index.html");
            browser.type(browser.find("#token", Duration.ofSeconds(30)), tokens.ops());
            browser.click(browser.find("#login button[type=submit]", Duration.ofSeconds(5)));
            String status = browser.find("#status", Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> browser.text(status).equals("Loaded"));
            String replay = browser.findByXpath(
                    "//table[@id='dead-letters']//tr[td[1]='" + letterId + "']//button[text()='replay']",
                    Duration.ofSeconds(10));

            browser.click(replay);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> browser.text(status).equals("replay: done"));
        }
        assertThat(jdbc.queryForList(
                        "select actor || ' ' || action || ' ' || detail from ops_change where target = ?",
                        String.class,
                        letterId))
                .containsExactly("ops-test dead-letter-replay back to probes.requests");
    }

    private String failingProbe() {
        Response accepted = gateway()
                .post("/api/probes", "{\"label\":\"console\",\"failProcessing\":true}")
                .bearer(tokens.service("tests"))
                .send();
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().path("id").asText();
    }

    private String awaitDeadLetter(String probeId) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Response list =
                    gateway().get("/ops/dead-letters").bearer(tokens.ops()).send();
            for (JsonNode letter : list.json().path("deadLetters")) {
                if (letter.path("bodyPreview").asText().contains(probeId)) {
                    id[0] = letter.path("id").asText();
                    return true;
                }
            }
            return false;
        });
        return id[0];
    }
}
