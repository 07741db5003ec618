package com.fitplatform.gateway.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.GatewayIntegrationTest;
import com.fitplatform.gateway.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The request id: from the caller or made, answered, and carried into JMS messages. */
class RequestIdIT extends GatewayIntegrationTest {

    @Autowired
    Tokens tokens;

    @Test
    void shouldCarryTheCallersRequestIdIntoTheJmsMessageAndBack() {
        Response response = gateway()
                .post("/api/probes/echo", "{\"ping\":1}")
                .bearer(tokens.service("tests"))
                .header("X-Request-Id", "trace-0042")
                .send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Request-Id")).isEqualTo("trace-0042");
        assertThat(response.json().path("requestIdSeenByConsumer").asText()).isEqualTo("trace-0042");
        assertThat(response.json().at("/echo/ping").asInt()).isEqualTo(1);
    }

    @Test
    void shouldMakeARequestIdWhenTheCallerSendsNone() {
        Response response = gateway()
                .post("/api/probes/echo", "{}")
                .bearer(tokens.service("tests"))
                .send();

        assertThat(response.header("X-Request-Id")).matches("[0-9a-f-]{36}");
        assertThat(response.json().path("requestIdSeenByConsumer").asText()).isEqualTo(response.header("X-Request-Id"));
    }

    @Test
    void shouldReplaceARequestIdThatCouldInjectIntoLogs() {
        Response response = gateway()
                .get("/actuator/health")
                .header("X-Request-Id", "evil\"id with spaces")
                .send();

        assertThat(response.header("X-Request-Id")).matches("[0-9a-f-]{36}");
    }
}
