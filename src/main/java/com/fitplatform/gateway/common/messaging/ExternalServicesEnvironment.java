package com.fitplatform.gateway.common.messaging;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code GATEWAY_BROKER_URL} into Spring's Artemis settings, so one environment variable moves
 * the gateway from its embedded broker to an external one and no embedded broker starts.
 */
public class ExternalServicesEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String brokerUrl = environment.getProperty("GATEWAY_BROKER_URL", environment.getProperty("gateway.broker.url"));
        Map<String, Object> derived = new HashMap<>();
        if (brokerUrl != null && !brokerUrl.isBlank()) {
            derived.put("spring.artemis.mode", "native");
            derived.put("spring.artemis.broker-url", brokerUrl);
            derived.put("spring.artemis.embedded.enabled", "false");
            copy(environment, "GATEWAY_BROKER_USER", "spring.artemis.user", derived);
            copy(environment, "GATEWAY_BROKER_PASSWORD", "spring.artemis.password", derived);
        }
        if (!derived.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource("gateway-external-services", derived));
        }
    }

    private static void copy(ConfigurableEnvironment environment, String from, String to, Map<String, Object> into) {
        String value = environment.getProperty(from);
        if (value != null) {
            into.put(to, value);
        }
    }
}
