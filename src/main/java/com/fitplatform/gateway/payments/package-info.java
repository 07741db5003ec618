/**
 * Payments: subscriptions paid through regional gateways (Stripe, YooKassa, Sberbank, WebMoney),
 * routed by a table in config, driven as a saga through JMS queues and database state.
 */
package com.fitplatform.gateway.payments;
