package com.fitplatform.gateway.ai;

import com.fitplatform.gateway.common.resilience.ResiliencePolicies;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HTTP clients of the AI routes ({@code httpClientConfigurer: "#recommendationsHttpClient"}): no
 * automatic retries (Apache HttpClient 5 re-sends on 503 by default, even a POST, which would break
 * "no retries" and double the load on a failing service), and connect/response timeouts one second
 * beyond the service's policy timeout so an abandoned call does not hold a connection for long.
 */
@Configuration(proxyBeanMethods = false)
public class AiHttpClients {

    @Bean
    HttpClientConfigurer recommendationsHttpClient(ResiliencePolicies policies) {
        return configurer(policies.policy("recommendations").timeout());
    }

    @Bean
    HttpClientConfigurer personalizationHttpClient(ResiliencePolicies policies) {
        return configurer(policies.policy("personalization").timeout());
    }

    static HttpClientConfigurer configurer(Duration timeout) {
        // One second beyond the breaker's timeout: the breaker always decides first (an HTTP timeout
        // racing it would fail the exchange after the fallback answered), the socket is still freed soon.
        long millis = timeout.toMillis() + 1000;
        return builder -> {
            builder.disableAutomaticRetries();
            builder.setDefaultRequestConfig(RequestConfig.custom()
                    .setResponseTimeout(millis, TimeUnit.MILLISECONDS)
                    .setConnectionRequestTimeout(millis, TimeUnit.MILLISECONDS)
                    .setConnectTimeout(millis, TimeUnit.MILLISECONDS)
                    .build());
        };
    }
}
