package com.fitplatform.gateway.common.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Redelivery and dead-letter policy of every gateway queue, in one place. Applied to the embedded
 * broker; {@code docker/artemis/broker.xml} carries the same numbers for a standalone broker.
 *
 * @param tcpPort port of the embedded broker's TCP acceptor on {@code tcpHost}; 0 picks a free port
 * @param tcpHost address the embedded acceptor binds to
 * @param redeliveryDelay wait before the first redelivery of a rolled-back message
 * @param redeliveryMultiplier factor applied to the delay on each further redelivery
 * @param maxRedeliveryDelay upper bound of the redelivery delay
 * @param maxDeliveryAttempts deliveries before a message moves to its {@code DLQ.<queue>}
 * @param deadLetterAddress address that collects dead letters; one {@code DLQ.}-prefixed queue per origin
 * @param expiryAddress address that collects expired messages; one {@code EXP.}-prefixed queue per origin
 */
@ConfigurationProperties("gateway.broker")
public record BrokerProperties(
        @DefaultValue("61616") int tcpPort,
        @DefaultValue("127.0.0.1") String tcpHost,
        @DefaultValue("1s") Duration redeliveryDelay,
        @DefaultValue("2.0") double redeliveryMultiplier,
        @DefaultValue("60s") Duration maxRedeliveryDelay,
        @DefaultValue("5") int maxDeliveryAttempts,
        @DefaultValue("DLA") String deadLetterAddress,
        @DefaultValue("ExpiryAddress") String expiryAddress) {}
