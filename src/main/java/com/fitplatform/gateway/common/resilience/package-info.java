/**
 * The resilience policy: per named service a timeout, a retry schedule, a retry rule and a circuit
 * breaker, from configuration. Java callers use {@link com.fitplatform.gateway.common.resilience.ResilientCalls};
 * YAML routes use Camel's circuit breaker EIP with the breaker bean {@code <service>CircuitBreaker}.
 */
package com.fitplatform.gateway.common.resilience;
