package com.fitplatform.gateway.common.resilience;

/** When a failed call may be sent again. */
public enum RetryRule {
    /** Reads and other idempotent calls, and writes that carry an idempotency key. */
    IDEMPOTENT_ONLY,
    /** Only calls that carry an idempotency key (payment gateways: reads are safe, too). */
    WITH_IDEMPOTENCY_KEY,
    /** Never: fall back at once (AI services). */
    NONE
}
