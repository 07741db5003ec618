package com.fitplatform.gateway.common.resilience;

/**
 * Marks an exception that carries a real answer from a healthy service (a card declined, a 4xx
 * about the request): it ends the call but is not a failure of the service, so it neither counts
 * toward opening the breaker nor triggers a retry or a fallback to the next provider.
 */
public interface ServiceAnswered {}
