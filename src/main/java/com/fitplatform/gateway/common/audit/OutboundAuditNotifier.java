package com.fitplatform.gateway.common.audit;

import com.fitplatform.gateway.common.requestid.RequestIds;
import java.net.URI;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.ManagementStrategy;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * Audits every outbound HTTP call a route makes through Camel's HTTP component. A route names the
 * counterpart with the exchange property {@value #SERVICE} (the same name as its resilience
 * policy) and may name the operation with {@value #OPERATION}; otherwise host and path are used.
 * An exchange flagged {@value #AUDITED_BY_CALLER} is skipped: its caller (ResilientCalls) already
 * audits every attempt, including the ones that never reach HTTP (breaker open, timeout).
 */
@Component
public class OutboundAuditNotifier extends EventNotifierSupport implements CamelContextConfiguration {

    public static final String SERVICE = "GatewayService";
    public static final String OPERATION = "GatewayOperation";
    public static final String AUDITED_BY_CALLER = "GatewayAuditedByCaller";

    private final IntegrationAudit audit;

    public OutboundAuditNotifier(IntegrationAudit audit) {
        this.audit = audit;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        // Camel times a send, and emits the "sent" event, only when a notifier took the "sending"
        // event: so this one takes both and writes on "sent".
        setIgnoreExchangeSendingEvents(false);
        setIgnoreStepEvents(true);
    }

    /**
     * Camel Spring Boot left this bean out of the context's event notifiers (seen in the running
     * gateway: no route's HTTP call was ever audited), so it registers itself before the routes
     * start, once.
     */
    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        ManagementStrategy management = camelContext.getManagementStrategy();
        if (!management.getEventNotifiers().contains(this)) {
            management.addEventNotifier(this);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {}

    @Override
    public boolean isEnabled(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeSendingEvent sending) {
            return isHttp(sending.getEndpoint().getEndpointUri()) && !auditedByCaller(sending.getExchange());
        }
        return event instanceof CamelEvent.ExchangeSentEvent sent
                && isHttp(sent.getEndpoint().getEndpointUri())
                && !auditedByCaller(sent.getExchange());
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof CamelEvent.ExchangeSentEvent sent)) {
            return;
        }
        Exchange exchange = sent.getExchange();
        URI target = URI.create(sent.getEndpoint().getEndpointBaseUri());
        String service = exchange.getProperty(SERVICE, target.getHost(), String.class);
        String operation = exchange.getProperty(OPERATION, String.class);
        if (operation == null) {
            operation = method(sent.getEndpoint(), exchange) + " " + target.getPath();
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Exception failure = exchange.getException();
        // The exchange's own request id: a call inside a timed circuit breaker is sent from a pool
        // thread whose logging context does not carry it.
        audit.record(new AuditEntry(
                Instant.now(),
                service,
                operation,
                exchange.getProperty(RequestIds.HEADER, RequestIds.current(), String.class),
                AuditEntry.Direction.OUTBOUND,
                sent.getTimeTaken(),
                status == null ? null : status.toString(),
                failure == null ? null : failure.getClass().getSimpleName(),
                failure == null ? null : failure.getMessage()));
    }

    /** The endpoint's method when a route sets it there, else the header's (text or Camel's enum), else GET. */
    private static String method(Endpoint endpoint, Exchange exchange) {
        if (endpoint instanceof HttpEndpoint http && http.getHttpMethod() != null) {
            return http.getHttpMethod().name();
        }
        Object header = exchange.getMessage().getHeader(Exchange.HTTP_METHOD);
        return header == null ? "GET" : header.toString();
    }

    private static boolean auditedByCaller(Exchange exchange) {
        return exchange.getProperty(AUDITED_BY_CALLER, false, Boolean.class);
    }

    private static boolean isHttp(String uri) {
        return uri.startsWith("http:") || uri.startsWith("https:");
    }
}
