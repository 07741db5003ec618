package com.fitplatform.gateway.common.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox relay.
 *
 * @param destination JMS topic (Artemis multicast address) events are published to
 * @param pollInterval how often the relay looks for unpublished events
 * @param batchSize events published per relay transaction
 * @param keepPublished published rows are purged after this
 */
@ConfigurationProperties("gateway.outbox")
public record OutboxProperties(
        @DefaultValue("platform.events") String destination,
        @DefaultValue("250ms") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("7d") Duration keepPublished) {}
