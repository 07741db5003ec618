package com.fitplatform.gateway.ops.resilience;

import com.fitplatform.gateway.common.audit.AuditEntry;
import com.fitplatform.gateway.common.audit.IntegrationAudit;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.common.resilience.ResiliencePolicies;
import com.fitplatform.gateway.common.resilience.ServicePolicy;
import com.fitplatform.gateway.common.security.CallerIdentityFilter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The resilience policy as it runs: {@code GET /ops/resilience} lists every named service with its
 * timeout, retry schedule, breaker settings, breaker state and recent failure rate (over the
 * breaker's sliding window); {@code POST /ops/resilience/{service}/reset} closes a breaker (the
 * state change is audited and counted like any other).
 */
@Component("resilienceView")
public class ResilienceView {

    private final ResiliencePolicies policies;
    private final IntegrationAudit audit;

    public ResilienceView(ResiliencePolicies policies, IntegrationAudit audit) {
        this.policies = policies;
        this.audit = audit;
    }

    public Map<String, Object> list() {
        Map<String, Object> services = new LinkedHashMap<>();
        for (ServicePolicy policy : policies.all()) {
            services.put(policy.service(), describe(policy));
        }
        return Map.of("services", services);
    }

    public Map<String, Object> reset(
            @Header("service") String service, @Header(CallerIdentityFilter.SUBJECT) String by) {
        ServicePolicy policy = known(service);
        CircuitBreaker breaker = policies.breaker(policy.service());
        String before = breaker.getState().name();
        breaker.reset();
        audit.record(
                policy.service(),
                "circuit-breaker reset by ops (was " + before + ")",
                AuditEntry.Direction.OUTBOUND,
                0,
                breaker.getState().name(),
                null,
                by == null ? null : "by " + by);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("service", policy.service());
        answer.put("previousState", before);
        answer.putAll(describe(policy));
        return answer;
    }

    private ServicePolicy known(String service) {
        try {
            return policies.policy(service == null ? "" : service);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No service named '" + service + "'");
        }
    }

    private Map<String, Object> describe(ServicePolicy policy) {
        CircuitBreaker breaker = policies.breaker(policy.service());
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("group", policy.group());
        view.put("timeout", text(policy.timeout()));
        view.put(
                "retrySchedule",
                policy.retryDelays().stream().map(ResilienceView::text).toList());
        view.put("retryRule", policy.retryRule().name().toLowerCase().replace('_', '-'));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("failureRateAbove", policy.failureRateAbove());
        settings.put("slidingWindowSize", policy.slidingWindowSize());
        settings.put("minimumCalls", policy.minimumCalls());
        settings.put("openDuration", text(policy.openDuration()));
        settings.put("reopenDuration", text(policy.reopenDuration()));
        settings.put("halfOpenCalls", policy.halfOpenCalls());
        view.put("breakerPolicy", settings);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("state", breaker.getState().name());
        int buffered = metrics.getNumberOfBufferedCalls();
        int failed = metrics.getNumberOfFailedCalls();
        // Resilience4j reports -1 below the minimum calls; the recent rate is still worth showing.
        state.put("recentFailureRate", buffered == 0 ? 0.0 : Math.round(1000.0 * failed / buffered) / 10.0);
        state.put("breakerFailureRate", metrics.getFailureRate() < 0 ? null : metrics.getFailureRate());
        state.put("recentCalls", buffered);
        state.put("recentFailedCalls", failed);
        state.put("recentSlowCalls", metrics.getNumberOfSlowCalls());
        state.put("notPermittedCalls", metrics.getNumberOfNotPermittedCalls());
        view.put("breaker", state);
        return view;
    }

    private static String text(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
