package com.fitplatform.gateway.ai.personalization;

/**
 * A checked content-feed request.
 *
 * @param limit items wanted, 1 to 100
 * @param includeMetrics let the engine use the user's health metrics
 */
public record ContentFeedRequest(String userId, int limit, boolean includeMetrics) {

    /** Exchange property holding the checked request, for the fallback. */
    public static final String PROPERTY = "GatewayContentFeedRequest";
}
