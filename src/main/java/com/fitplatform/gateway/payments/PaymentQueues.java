package com.fitplatform.gateway.payments;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The payment queues ({@code gateway.queues.payment-*}). */
@ConfigurationProperties("gateway.queues")
public record PaymentQueues(
        @DefaultValue("payments.webhooks") String paymentWebhooks,
        @DefaultValue("payments.retries") String paymentRetries,
        @DefaultValue("payments.reconcile") String paymentReconcile,
        @DefaultValue("payments.notifications") String paymentNotifications) {}
