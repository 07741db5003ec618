package com.fitplatform.gateway.common.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import com.fitplatform.gateway.common.requestid.RequestIdRoutePolicyFactory;
import com.fitplatform.gateway.common.requestid.RequestIds;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** A route's HTTP call through Camel's HTTP component is audited once, unless its caller audits it. */
class OutboundAuditNotifierTest {

    private final IntegrationAudit audit = mock(IntegrationAudit.class);
    private HttpServer service;
    private CamelContext camel;
    private ProducerTemplate producer;

    @BeforeEach
    void start() throws Exception {
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/v1/things", exchange -> {
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        service.start();
        String url = "http://127.0.0.1:" + service.getAddress().getPort() + "/v1/things";
        camel = new DefaultCamelContext();
        camel.getManagementStrategy().addEventNotifier(new OutboundAuditNotifier(audit));
        // As in the gateway: every route gives its exchange the request id it arrived with.
        camel.addRoutePolicyFactory(new RequestIdRoutePolicyFactory());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:named")
                        .setProperty(OutboundAuditNotifier.SERVICE, constant("things"))
                        .setHeader("CamelHttpMethod", constant("POST"))
                        .to(url);
                from("direct:in-breaker")
                        .setProperty(OutboundAuditNotifier.SERVICE, constant("things"))
                        .setHeader("CamelHttpMethod", constant("POST"))
                        .circuitBreaker()
                        .resilience4jConfiguration()
                        .timeoutEnabled(true)
                        .timeoutDuration(2000)
                        .end()
                        .to(url)
                        .end();
                from("direct:audited-by-caller")
                        .setProperty(OutboundAuditNotifier.AUDITED_BY_CALLER, constant(true))
                        .to(url);
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
        service.stop(0);
    }

    @Test
    void aRoutesHttpCallIsAuditedWithItsServiceOperationAndStatus() {
        producer.requestBodyAndHeader("direct:named", "{}", RequestIds.HEADER, "req-named");

        assertAudited("req-named");
    }

    @Test
    void aCallInsideACircuitBreakerWithATimeoutIsAuditedToo() {
        producer.requestBodyAndHeader("direct:in-breaker", "{}", RequestIds.HEADER, "req-breaker");

        // Sent from the breaker's pool thread: the request id comes from the exchange, not the MDC.
        assertAudited("req-breaker");
    }

    private void assertAudited(String requestId) {
        ArgumentCaptor<AuditEntry> entry = ArgumentCaptor.forClass(AuditEntry.class);
        verify(audit).record(entry.capture());
        assertThat(entry.getValue().service()).isEqualTo("things");
        assertThat(entry.getValue().operation()).isEqualTo("POST /v1/things");
        assertThat(entry.getValue().direction()).isEqualTo(AuditEntry.Direction.OUTBOUND);
        assertThat(entry.getValue().status()).isEqualTo("201");
        assertThat(entry.getValue().errorClass()).isNull();
        assertThat(entry.getValue().requestId()).isEqualTo(requestId);
    }

    @Test
    void aCallItsCallerAuditsIsNotAuditedTwice() {
        producer.requestBody("direct:audited-by-caller", "{}");

        verifyNoInteractions(audit);
    }
}
