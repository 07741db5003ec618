package com.fitplatform.gateway.common.audit;

import java.net.URI;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
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
public class OutboundAuditNotifier extends EventNotifierSupport {

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
        setIgnoreExchangeSendingEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSentEvent sent
                && isHttp(sent.getEndpoint().getEndpointUri())
                && !sent.getExchange().getProperty(AUDITED_BY_CALLER, false, Boolean.class);
    }

    @Override
    public void notify(CamelEvent event) {
        CamelEvent.ExchangeSentEvent sent = (CamelEvent.ExchangeSentEvent) event;
        Exchange exchange = sent.getExchange();
        URI target = URI.create(sent.getEndpoint().getEndpointBaseUri());
        String service = exchange.getProperty(SERVICE, target.getHost(), String.class);
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        String operation = exchange.getProperty(OPERATION, method + " " + target.getPath(), String.class);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Exception failure = exchange.getException();
        audit.outbound(
                service,
                operation,
                sent.getTimeTaken(),
                status == null ? null : status.toString(),
                failure == null ? null : failure.getClass().getSimpleName(),
                failure == null ? null : failure.getMessage());
    }

    private static boolean isHttp(String uri) {
        return uri.startsWith("http:") || uri.startsWith("https:");
    }
}
