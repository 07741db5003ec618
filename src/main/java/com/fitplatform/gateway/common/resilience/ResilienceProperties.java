package com.fitplatform.gateway.common.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The resilience policy table: groups of services share settings, a service names its group and may
 * override any of them. Unset values fall back to the group, then to the defaults noted here.
 *
 * @param retryScale multiplies every retry delay (1.0 in production; tests shorten the schedule)
 */
@ConfigurationProperties("gateway.resilience")
public record ResilienceProperties(
        @DefaultValue("1.0") double retryScale, Map<String, Settings> groups, Map<String, Settings> services) {

    public ResilienceProperties {
        groups = groups == null ? Map.of() : Map.copyOf(groups);
        services = services == null ? Map.of() : Map.copyOf(services);
    }

    /**
     * One group's or one service's settings; any may be left out.
     *
     * @param group the group a service takes its settings from
     * @param timeout longest wait for one call
     * @param retryDelays waits before each retry (1s, 4s, 9s, 16s by default)
     * @param retryRule which calls may be retried
     * @param failureRateAbove open when more than this percentage of the window failed (50)
     * @param slidingWindowSize calls in the window (10)
     * @param minimumCalls calls before the rate counts (10)
     * @param openDuration open time after the first opening (60s)
     * @param reopenDuration open time after a failed half-open trial (120s)
     * @param halfOpenCalls trial calls when half-open (1)
     * @param slowCallDuration calls slower than this are slow (the timeout)
     */
    public record Settings(
            String group,
            Duration timeout,
            List<Duration> retryDelays,
            RetryRule retryRule,
            Float failureRateAbove,
            Integer slidingWindowSize,
            Integer minimumCalls,
            Duration openDuration,
            Duration reopenDuration,
            Integer halfOpenCalls,
            Duration slowCallDuration) {}

    /** The resolved policy of {@code service}; unknown services are a configuration error. */
    public ServicePolicy policy(String service) {
        Settings own = services.get(service);
        if (own == null) {
            throw new IllegalArgumentException("No resilience policy for service '" + service + "'");
        }
        Settings group = own.group() == null ? null : groups.get(own.group());
        if (own.group() != null && group == null) {
            throw new IllegalArgumentException(
                    "Service '" + service + "' names unknown resilience group '" + own.group() + "'");
        }
        Duration timeout = pick(own.timeout(), group == null ? null : group.timeout(), Duration.ofSeconds(30));
        List<Duration> delays = pick(
                own.retryDelays(),
                group == null ? null : group.retryDelays(),
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(9), Duration.ofSeconds(16)));
        return new ServicePolicy(
                service,
                own.group(),
                timeout,
                delays.stream()
                        .map(d -> Duration.ofMillis(Math.round(d.toMillis() * retryScale)))
                        .toList(),
                pick(own.retryRule(), group == null ? null : group.retryRule(), RetryRule.IDEMPOTENT_ONLY),
                pick(own.failureRateAbove(), group == null ? null : group.failureRateAbove(), 50f),
                pick(own.slidingWindowSize(), group == null ? null : group.slidingWindowSize(), 10),
                pick(own.minimumCalls(), group == null ? null : group.minimumCalls(), 10),
                pick(own.openDuration(), group == null ? null : group.openDuration(), Duration.ofSeconds(60)),
                pick(own.reopenDuration(), group == null ? null : group.reopenDuration(), Duration.ofSeconds(120)),
                pick(own.halfOpenCalls(), group == null ? null : group.halfOpenCalls(), 1),
                pick(own.slowCallDuration(), group == null ? null : group.slowCallDuration(), timeout));
    }

    private static <T> T pick(T own, T group, T fallback) {
        return own != null ? own : group != null ? group : fallback;
    }
}
