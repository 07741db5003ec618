package com.fitplatform.gateway.common.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the policies usable from YAML routes and visible to operators: each breaker is the Camel
 * bean {@code <service>CircuitBreaker}; resolved numbers are placeholders such as
 * {@code {{resilience.<service>.timeout-millis}}}; health shows every breaker.
 */
@Configuration(proxyBeanMethods = false)
public class ResilienceCamelConfiguration {

    @Bean
    CamelContextConfiguration resilienceInCamel(ResiliencePolicies policies) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                for (ServicePolicy policy : policies.all()) {
                    context.getRegistry()
                            .bind(
                                    ResiliencePolicies.camelBeanName(policy.service()),
                                    policies.breaker(policy.service()));
                }
                context.getRegistry().bind(TIMED_CALL_THREADS, timedCallThreads(context));
                context.getPropertiesComponent().addPropertiesSource(new PolicyPlaceholders(policies));
            }

            @Override
            public void afterApplicationStart(CamelContext context) {}
        };
    }

    /** Camel bean of the threads that run timed remote calls in routes. */
    static final String TIMED_CALL_THREADS = "timedCallThreads";

    /**
     * Threads of the timed remote calls in routes ({@code timeoutExecutorService: timedCallThreads}
     * in a {@code resilience4jConfiguration}). Without it, Camel's breaker hands each call to
     * CompletableFuture's default executor, which on a machine of fewer than three cores starts a new,
     * unbounded thread per call. 64 threads are kept (the HTTP exchange pool's size), up to 256 run at
     * once (abandoned calls still waiting included); past that a call is refused at once and its
     * route's fallback answers. Camel owns the pool and stops it with the context; it is no Spring
     * bean, since any Executor bean makes Spring Boot drop the HTTP exchange pool it configures.
     */
    static ExecutorService timedCallThreads(CamelContext context) {
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder(TIMED_CALL_THREADS)
                .poolSize(64)
                .maxPoolSize(256)
                .keepAliveTime(60L, TimeUnit.SECONDS)
                .maxQueueSize(0)
                .rejectedPolicy(ThreadPoolRejectedPolicy.Abort)
                .build();
        return context.getExecutorServiceManager().newThreadPool(context, "timed-call", profile);
    }

    /** {@code circuitBreakers} health group: DOWN parts only while a breaker is open. */
    @Bean
    HealthContributor circuitBreakersHealthContributor(ResiliencePolicies policies) {
        Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
        for (ServicePolicy policy : policies.all()) {
            String service = policy.service();
            indicators.put(service, () -> {
                // Looked up on each call: ops may replace a breaker by editing its policy live.
                CircuitBreaker breaker = policies.breaker(service);
                CircuitBreaker.State state = breaker.getState();
                Health.Builder health =
                        switch (state) {
                            case OPEN, FORCED_OPEN -> Health.status("CIRCUIT_OPEN");
                            case HALF_OPEN -> Health.status("CIRCUIT_HALF_OPEN");
                            default -> Health.up();
                        };
                return health.withDetail("state", state.name())
                        .withDetail("failureRate", breaker.getMetrics().getFailureRate())
                        .withDetail("bufferedCalls", breaker.getMetrics().getNumberOfBufferedCalls())
                        .withDetail("notPermittedCalls", breaker.getMetrics().getNumberOfNotPermittedCalls())
                        .build();
            });
        }
        return CompositeHealthContributor.fromMap(indicators);
    }

    /** Resolved policy numbers as Camel placeholders, so routes never repeat them. */
    static final class PolicyPlaceholders implements PropertiesSource {
        private final ResiliencePolicies policies;

        PolicyPlaceholders(ResiliencePolicies policies) {
            this.policies = policies;
        }

        /** Computed on each lookup: a route (re)loaded after a live policy edit sees the new numbers. */
        private Properties values() {
            Properties values = new Properties();
            for (ServicePolicy policy : policies.all()) {
                String prefix = "resilience." + policy.service() + ".";
                values.setProperty(
                        prefix + "timeout-millis",
                        Long.toString(policy.timeout().toMillis()));
                values.setProperty(
                        prefix + "max-retries",
                        Integer.toString(policy.retryDelays().size()));
                values.setProperty(prefix + "retry-delay-pattern", policy.camelDelayPattern());
            }
            return values;
        }

        @Override
        public String getName() {
            return "resilience-policies";
        }

        @Override
        public String getProperty(String name) {
            return values().getProperty(name);
        }
    }
}
