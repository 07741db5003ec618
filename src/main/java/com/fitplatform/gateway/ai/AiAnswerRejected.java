package com.fitplatform.gateway.ai;

/**
 * An AI service answered something the gateway will not pass on (malformed, oversized, wrong
 * shape): a failure of the service, counted by its breaker and served by the fallback.
 */
public class AiAnswerRejected extends RuntimeException {

    public AiAnswerRejected(String service, String reason) {
        super(service + " answer rejected: " + reason);
    }
}
