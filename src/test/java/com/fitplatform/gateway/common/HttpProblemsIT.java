package com.fitplatform.gateway.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.GatewayIntegrationTest;
import com.fitplatform.gateway.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The door policy: every refusal is problem+json with the right status, and changes nothing. */
class HttpProblemsIT extends GatewayIntegrationTest {

    @Autowired
    Tokens tokens;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldStartHealthyWithDatabaseAndBrokerUp() {
        Response health = gateway().get("/actuator/health").send();

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
        assertThat(health.json().at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(health.json().at("/components/jms/status").asText()).isEqualTo("UP");
        assertThat(health.json()
                        .at("/components/circuitBreakers/components/stripe/details/state")
                        .asText())
                .isEqualTo("CLOSED");
    }

    @Test
    void shouldAnswerUnknownPathWith404Problem() {
        Response response = gateway().get("/no/such/thing").send();

        assertProblem(response, 404, "not-found");
        assertThat(response.json().path("instance").asText()).isEqualTo("/no/such/thing");
    }

    @Test
    void shouldRefuseOversizedBodyWith413AndQueueNothing() {
        long probesBefore = probes();
        String huge = "{\"label\":\"" + "x".repeat(1_100_000) + "\"}";

        Response response = gateway()
                .post("/api/probes", huge)
                .bearer(tokens.service("tests"))
                .send();

        assertProblem(response, 413, "payload-too-large");
        assertThat(probes()).isEqualTo(probesBefore);
    }

    @Test
    void shouldRefuseWrongContentTypeWith415() {
        Response response = gateway()
                .request("POST", "/api/probes", "label=x")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .bearer(tokens.service("tests"))
                .send();

        assertProblem(response, 415, "unsupported-media-type");
    }

    @Test
    void shouldRefuseMalformedJsonWith400NamingThePlace() {
        Response response = gateway()
                .post("/api/probes", "{\"label\": \"x\",\n \"oops\" }")
                .bearer(tokens.service("tests"))
                .send();

        assertProblem(response, 400, "malformed-request");
        assertThat(response.json().path("detail").asText()).contains("line 2");
    }

    @Test
    void shouldRefuseInvalidBodyWith400FromTheRoute() {
        Response response = gateway()
                .post("/api/probes", "{\"label\": \"\"}")
                .bearer(tokens.service("tests"))
                .send();

        assertProblem(response, 400, "invalid-request");
        assertThat(response.json().path("detail").asText()).contains("label");
    }

    @Test
    void shouldNeverLeakInternalsOnServerErrors() {
        Response response = gateway()
                .get("/api/probes/not-a-uuid")
                .bearer(tokens.service("tests"))
                .send();

        assertProblem(response, 404, "not-found");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at com.");
    }

    @Test
    void shouldNotEchoRequestHeadersIntoTheResponse() {
        String token = tokens.service("tests");

        Response response = gateway()
                .post("/api/probes/echo", "{}")
                .bearer(token)
                .header("X-Secret-Thing", "do-not-reflect")
                .send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Authorization")).isNull();
        assertThat(response.header("X-Secret-Thing")).isNull();
        assertThat(response.raw().headers().map().toString()).doesNotContain(token);
    }

    static void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("type").asText()).endsWith("/problems/" + type);
        assertThat(response.json().path("title").asText()).isNotBlank();
        assertThat(response.json().path("requestId").asText()).isEqualTo(response.header("X-Request-Id"));
    }

    private long probes() {
        return jdbc.queryForObject("select count(*) from pipeline_probe", Long.class);
    }
}
