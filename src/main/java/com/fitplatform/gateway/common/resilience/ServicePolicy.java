package com.fitplatform.gateway.common.resilience;

import java.time.Duration;
import java.util.List;

/**
 * The resolved policy of one named service.
 *
 * @param timeout longest wait for one call, end to end
 * @param retryDelays wait before each retry; the size is the number of retries
 * @param retryRule which calls may be retried at all
 * @param failureRateAbove breaker opens when more than this percentage of the window failed
 * @param slidingWindowSize calls the failure rate is computed over
 * @param minimumCalls calls needed before the rate counts
 * @param openDuration how long the breaker stays open the first time
 * @param reopenDuration how long it stays open after a failed half-open trial
 * @param halfOpenCalls trial calls let through when half-open
 * @param slowCallDuration a call slower than this counts as slow
 */
public record ServicePolicy(
        String service,
        String group,
        Duration timeout,
        List<Duration> retryDelays,
        RetryRule retryRule,
        float failureRateAbove,
        int slidingWindowSize,
        int minimumCalls,
        Duration openDuration,
        Duration reopenDuration,
        int halfOpenCalls,
        Duration slowCallDuration) {

    public ServicePolicy {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(service + ": timeout must be positive");
        }
        if (retryDelays.stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException(service + ": retry delays cannot be negative");
        }
        if (failureRateAbove < 0 || failureRateAbove >= 100) {
            throw new IllegalArgumentException(service + ": failure-rate-above must be in [0, 100)");
        }
        if (slidingWindowSize < 1 || minimumCalls < 1 || halfOpenCalls < 1) {
            throw new IllegalArgumentException(service + ": window, minimum calls and half-open calls must be >= 1");
        }
        if (openDuration.isNegative()
                || openDuration.isZero()
                || reopenDuration.isNegative()
                || reopenDuration.isZero()) {
            throw new IllegalArgumentException(service + ": open and re-open durations must be positive");
        }
        retryDelays = List.copyOf(retryDelays);
    }

    /** Camel redelivery delay pattern ({@code 1:1000;2:4000;...}) for routes that retry this service. */
    public String camelDelayPattern() {
        StringBuilder pattern = new StringBuilder();
        for (int i = 0; i < retryDelays.size(); i++) {
            if (i > 0) {
                pattern.append(';');
            }
            pattern.append(i + 1).append(':').append(retryDelays.get(i).toMillis());
        }
        return pattern.toString();
    }

    public boolean mayRetry(boolean idempotent, boolean hasIdempotencyKey) {
        return switch (retryRule) {
            case NONE -> false;
            case WITH_IDEMPOTENCY_KEY -> hasIdempotencyKey;
            case IDEMPOTENT_ONLY -> idempotent || hasIdempotencyKey;
        };
    }
}
