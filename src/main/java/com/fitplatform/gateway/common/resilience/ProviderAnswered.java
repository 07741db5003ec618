package com.fitplatform.gateway.common.resilience;

/** A provider's definite answer that is not an outage (4xx): no retry, no breaker. */
public class ProviderAnswered extends RuntimeException implements ServiceAnswered {

    private final int status;

    public ProviderAnswered(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
