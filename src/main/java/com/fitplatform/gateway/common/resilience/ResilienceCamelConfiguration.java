package com.fitplatform.gateway.common.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
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
                context.getPropertiesComponent().addPropertiesSource(new PolicyPlaceholders(policies));
            }

            @Override
            public void afterApplicationStart(CamelContext context) {}
        };
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
