package com.fitplatform.gateway.common.resilience;

import com.fitplatform.gateway.common.audit.AuditEntry;
import com.fitplatform.gateway.common.audit.IntegrationAudit;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The policy of every configured service, each with its circuit breaker: more than {@code
 * failureRateAbove} % of the last {@code slidingWindowSize} calls failing opens it for {@code
 * openDuration}; then half-open trials; a failed trial re-opens it for {@code reopenDuration}.
 * State changes are logged, audited and exported as metrics.
 */
@Component
public class ResiliencePolicies {

    private static final Logger log = LoggerFactory.getLogger(ResiliencePolicies.class);

    // Replaced as a whole on reconfigure, so readers always see one consistent table.
    private volatile Map<String, ServicePolicy> policies = Map.of();
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    private final IntegrationAudit audit;

    public ResiliencePolicies(ResilienceProperties properties, IntegrationAudit audit, MeterRegistry meters) {
        this.audit = audit;
        Map<String, ServicePolicy> resolved = new TreeMap<>();
        for (String service : properties.services().keySet()) {
            ServicePolicy policy = properties.policy(service);
            resolved.put(service, policy);
            watch(breakers.circuitBreaker(service, breakerConfig(policy)));
        }
        policies = Collections.unmodifiableMap(resolved);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
    }

    /**
     * Applies a changed policy table at run time (ops edited config/): every service's policy is
     * resolved first (an invalid table throws and changes nothing); a breaker whose settings changed
     * is replaced by a new, closed one; services not in the table keep their policy.
     *
     * @return the services whose policy changed
     */
    public synchronized Set<String> reconfigure(ResilienceProperties properties) {
        Map<String, ServicePolicy> resolved = new TreeMap<>(policies);
        for (String service : properties.services().keySet()) {
            resolved.put(service, properties.policy(service));
        }
        Set<String> changed = new TreeSet<>();
        for (Map.Entry<String, ServicePolicy> entry : resolved.entrySet()) {
            ServicePolicy old = policies.get(entry.getKey());
            if (entry.getValue().equals(old)) {
                continue;
            }
            changed.add(entry.getKey());
            CircuitBreakerConfig config = breakerConfig(entry.getValue());
            if (old == null) {
                watch(breakers.circuitBreaker(entry.getKey(), config));
            } else {
                CircuitBreaker breaker = CircuitBreaker.of(entry.getKey(), config);
                watch(breaker);
                breakers.replace(entry.getKey(), breaker);
            }
        }
        policies = Collections.unmodifiableMap(resolved);
        return changed;
    }

    private void watch(CircuitBreaker breaker) {
        String service = breaker.getName();
        breaker.getEventPublisher().onStateTransition(event -> {
            log.warn("Circuit breaker {}: {}", service, event.getStateTransition());
            audit.record(
                    service,
                    "circuit-breaker " + event.getStateTransition(),
                    AuditEntry.Direction.OUTBOUND,
                    0,
                    event.getStateTransition().getToState().name(),
                    null,
                    null);
        });
    }

    static CircuitBreakerConfig breakerConfig(ServicePolicy policy) {
        long firstOpen = policy.openDuration().toMillis();
        long reopen = policy.reopenDuration().toMillis();
        IntervalFunction openTime = attempt -> attempt <= 1 ? firstOpen : reopen;
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(policy.slidingWindowSize())
                .minimumNumberOfCalls(policy.minimumCalls())
                // Resilience4j opens at "rate >= threshold"; the policy says "more than".
                .failureRateThreshold(Math.nextUp(policy.failureRateAbove()))
                .slowCallDurationThreshold(policy.slowCallDuration())
                .slowCallRateThreshold(100)
                // Attempt 1 is the first opening; each failed half-open trial counts one more.
                .waitIntervalFunctionInOpenState(openTime)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(policy.halfOpenCalls())
                .ignoreException(error -> error instanceof ServiceAnswered)
                .build();
    }

    public ServicePolicy policy(String service) {
        ServicePolicy policy = policies.get(service);
        if (policy == null) {
            throw new IllegalArgumentException("No resilience policy for service '" + service + "'");
        }
        return policy;
    }

    public CircuitBreaker breaker(String service) {
        policy(service);
        return breakers.circuitBreaker(service);
    }

    public Collection<ServicePolicy> all() {
        return policies.values();
    }

    public CircuitBreakerRegistry registry() {
        return breakers;
    }

    /** Camel bean name of a service's breaker, for {@code resilience4jConfiguration.circuitBreaker}. */
    public static String camelBeanName(String service) {
        return service + "CircuitBreaker";
    }
}
