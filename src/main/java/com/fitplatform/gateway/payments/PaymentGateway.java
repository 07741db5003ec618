package com.fitplatform.gateway.payments;

import java.util.Map;

/** One payment gateway adapter: creates a payment for an attempt and tells its status. */
public interface PaymentGateway {

    /** The gateway's name in the routing table and its resilience service name. */
    String name();

    /**
     * Creates the payment at the gateway. Throws {@link GatewayDeclined} when the gateway answers
     * no; any other exception means it was unavailable (fallback to the next gateway).
     */
    Created create(AttemptRequest attempt) throws Exception;

    /** Asks the gateway for the payment's current state (reconciliation, webhook confirmation). */
    ProviderPayment status(AttemptRequest attempt) throws Exception;

    /** What the gateway needs to know about one attempt. */
    record AttemptRequest(
            String attemptId,
            long orderNo,
            String idempotencyKey,
            String providerRef,
            long amountMinor,
            String currency,
            String plan,
            String subscriptionId) {}

    /** A payment created at the gateway and what the payer's client does next. */
    record Created(String providerRef, Map<String, Object> clientAction) {}

    /** Normalised payment state at the provider. */
    enum Outcome {
        SUCCEEDED,
        DECLINED,
        PENDING
    }

    /** The provider's view of a payment; amount in minor units. */
    record ProviderPayment(String providerRef, Outcome outcome, Long amountMinor, String currency, String detail) {}
}
