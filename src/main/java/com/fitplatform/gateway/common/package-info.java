/**
 * Mechanisms every integration shares: errors, request ids, audit, idempotency, resilience,
 * outbox, messaging, database, security and the provider sandbox. Written once, reused everywhere.
 */
package com.fitplatform.gateway.common;
