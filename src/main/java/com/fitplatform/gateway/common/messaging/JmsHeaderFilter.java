package com.fitplatform.gateway.common.messaging;

import com.fitplatform.gateway.common.requestid.RequestIds;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsHeaderFilterStrategy;
import org.springframework.stereotype.Component;

/**
 * What a route's headers may become as JMS properties: the request id, headers a route names
 * {@code Gateway*} on purpose, and Artemis's own ({@code _AMQ_*}: scheduled delivery, duplicate
 * id). HTTP headers of the caller (Authorization, cookies) never reach a queue.
 */
@Component("jmsHeaderFilter")
public class JmsHeaderFilter extends JmsHeaderFilterStrategy {

    public JmsHeaderFilter() {
        super(false);
    }

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        if (super.applyFilterToCamelHeaders(headerName, headerValue, exchange)) {
            return true;
        }
        return !(RequestIds.HEADER.equalsIgnoreCase(headerName)
                || headerName.startsWith("Gateway")
                || headerName.startsWith("_AMQ_"));
    }
}
