package com.fitplatform.gateway.ops.routes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * Exchanges completed and failed per route (the route the exchange started in), counted here
 * because JMX and its managed route statistics are off. Counts live as long as the JVM and survive
 * a route reload (same route id).
 */
@Component
public class RouteStatistics extends EventNotifierSupport {

    private final Map<String, Counts> counts = new ConcurrentHashMap<>();

    public RouteStatistics() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public void notify(org.apache.camel.spi.CamelEvent event) {
        if (event instanceof ExchangeCompletedEvent completed) {
            count(completed.getExchange(), false);
        } else if (event instanceof ExchangeFailedEvent failed) {
            count(failed.getExchange(), true);
        }
    }

    private void count(Exchange exchange, boolean failed) {
        String routeId = exchange.getFromRouteId();
        if (routeId == null) {
            return;
        }
        Counts route = counts.computeIfAbsent(routeId, id -> new Counts());
        route.total.increment();
        if (failed) {
            route.failed.increment();
        }
    }

    public long total(String routeId) {
        Counts route = counts.get(routeId);
        return route == null ? 0 : route.total.sum();
    }

    public long failed(String routeId) {
        Counts route = counts.get(routeId);
        return route == null ? 0 : route.failed.sum();
    }

    private static final class Counts {
        final LongAdder total = new LongAdder();
        final LongAdder failed = new LongAdder();
    }
}
