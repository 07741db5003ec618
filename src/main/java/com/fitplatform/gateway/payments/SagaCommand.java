package com.fitplatform.gateway.payments;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * A message a saga step asks the route to send after it: a queue, a JSON body and when the broker
 * should deliver it (epoch millis, Artemis {@code _AMQ_SCHED_DELIVERY}; now for at once). Steps
 * derive their commands from database state, so a redelivered step sends them again and every
 * receiver is idempotent.
 */
public record SagaCommand(String queue, String body, long deliverAt) {

    /** The exchange property the routes split to {@code direct:payment-dispatch}. */
    public static final String PROPERTY = "GatewayCommands";

    public static void attach(Exchange exchange, List<SagaCommand> commands) {
        if (exchange == null) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<SagaCommand> existing = exchange.getProperty(PROPERTY, List.class);
        List<SagaCommand> all = new ArrayList<>(existing == null ? List.of() : existing);
        all.addAll(commands);
        exchange.setProperty(PROPERTY, all);
    }
}
