package com.fitplatform.gateway.common.audit;

import java.time.Instant;

/**
 * One integration call, inbound or outbound.
 *
 * @param service the counterpart: a provider ({@code stripe}), an internal API area ({@code api.auth})
 * @param operation what was done ({@code POST /webhooks/stripe}, {@code create-payment-intent})
 * @param status HTTP status or provider status code; null when no answer came
 * @param errorClass exception class or problem type when the call failed; null on success
 * @param detail free text for operators; masked before it is stored or logged
 */
public record AuditEntry(
        Instant occurredAt,
        String service,
        String operation,
        String requestId,
        Direction direction,
        long durationMillis,
        String status,
        String errorClass,
        String detail) {

    public enum Direction {
        INBOUND,
        OUTBOUND
    }

    public boolean failed() {
        return errorClass != null;
    }
}
