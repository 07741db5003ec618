package com.fitplatform.gateway.ai;

import com.fitplatform.gateway.common.resilience.OutboundHttpClients;
import com.fitplatform.gateway.common.resilience.ResiliencePolicies;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HTTP clients of the AI routes ({@code httpClientConfigurer: "#recommendationsHttpClient"}): no
 * automatic retries ("no retries" is the AI policy) and timeouts just beyond the breaker's, see
 * {@link OutboundHttpClients}.
 */
@Configuration(proxyBeanMethods = false)
public class AiHttpClients {

    @Bean
    HttpClientConfigurer recommendationsHttpClient(ResiliencePolicies policies) {
        return OutboundHttpClients.within(
                () -> policies.policy("recommendations").timeout());
    }

    @Bean
    HttpClientConfigurer personalizationHttpClient(ResiliencePolicies policies) {
        return OutboundHttpClients.within(
                () -> policies.policy("personalization").timeout());
    }
}
