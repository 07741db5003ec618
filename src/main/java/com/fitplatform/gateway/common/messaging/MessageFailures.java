package com.fitplatform.gateway.common.messaging;

import com.fitplatform.gateway.common.audit.PiiMasker;
import com.fitplatform.gateway.common.requestid.RequestIds;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records why a queued message failed, delivery by delivery, before the broker redelivers it or
 * moves it to its dead-letter queue: the broker keeps the message, this table keeps the reason.
 * Used by the {@code jms-consumer-errors} route configuration; it writes outside the failed
 * transaction, so the record survives the rollback.
 */
@Component("messageFailures")
public class MessageFailures {

    private static final Logger log = LoggerFactory.getLogger(MessageFailures.class);

    private final JdbcTemplate jdbc;

    public MessageFailures(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (error == null) {
            error = exchange.getException();
        }
        String messageId = exchange.getMessage().getHeader(JmsConstants.JMS_HEADER_MESSAGE_ID, String.class);
        Integer delivery = exchange.getMessage().getHeader("JMSXDeliveryCount", Integer.class);
        String queue = exchange.getFromEndpoint() == null
                ? "unknown"
                : queueName(exchange.getFromEndpoint().getEndpointUri());
        String errorClass = error == null ? "unknown" : error.getClass().getName();
        String errorMessage = error == null ? null : PiiMasker.mask(error.getMessage());
        try {
            jdbc.update(
                    "insert into message_failure (message_id, queue, route_id, delivery, error_class, error_message,"
                            + " request_id) values (?, ?, ?, ?, ?, ?, ?)",
                    messageId == null ? "unknown" : messageId,
                    queue,
                    exchange.getFromRouteId(),
                    delivery == null ? 1 : delivery,
                    errorClass,
                    errorMessage == null ? null : errorMessage.substring(0, Math.min(2000, errorMessage.length())),
                    exchange.getMessage().getHeader(RequestIds.HEADER, String.class));
        } catch (RuntimeException e) {
            log.warn("Could not record the failure of message {}: {}", messageId, e.getMessage());
        }
        log.warn(
                "Message {} from {} failed on delivery {}: {}",
                messageId,
                queue,
                delivery,
                errorClass + (errorMessage == null ? "" : ": " + errorMessage));
    }

    /** {@code jms://queue:payments.requests?transacted=true} is {@code payments.requests}. */
    static String queueName(String endpointUri) {
        String name = endpointUri.replaceFirst("^jms:(//)?(queue:|topic:)?", "");
        int query = name.indexOf('?');
        return query < 0 ? name : name.substring(0, query);
    }
}
