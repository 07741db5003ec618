package com.fitplatform.gateway.common.requestid;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Gives every Camel route the request id of the exchange it works on: in the logging context while
 * the exchange runs, and as a header for what it sends on (JMS, HTTP). A message that arrives
 * without one (a timer, a provider's webhook) gets a new id.
 */
@Component
public class RequestIdRoutePolicyFactory implements RoutePolicyFactory {

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return new RequestIdPolicy();
    }

    static final class RequestIdPolicy extends RoutePolicySupport {
        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            String requestId = exchange.getMessage().getHeader(RequestIds.HEADER, String.class);
            if (requestId == null || requestId.isBlank()) {
                requestId = exchange.getProperty(RequestIds.HEADER, String.class);
            }
            requestId = RequestIds.acceptOrCreate(requestId);
            exchange.getMessage().setHeader(RequestIds.HEADER, requestId);
            exchange.setProperty(RequestIds.HEADER, requestId);
            MDC.put(RequestIds.MDC_KEY, requestId);
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            // Only the route that took the message in clears the context, not a sub-route ending.
            if (route.getRouteId().equals(exchange.getFromRouteId())) {
                MDC.remove(RequestIds.MDC_KEY);
            }
        }
    }
}
