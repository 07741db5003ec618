package com.fitplatform.gateway.common.resilience;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.RequestConfig;

/**
 * Apache HttpClient settings for Camel HTTP endpoints called under a service's policy (endpoint
 * option {@code httpClientConfigurer}). No automatic retries: HttpClient 5 re-sends on 503 by
 * default, even a POST, which would bypass the policy's retry rule and double the load on a failing
 * service. Connect and response timeouts are one second beyond the policy timeout, so the breaker
 * always decides first (an HTTP timeout racing it would fail the exchange after the fallback
 * answered) and an abandoned call still frees its connection soon.
 */
public final class OutboundHttpClients {

    private OutboundHttpClients() {}

    public static HttpClientConfigurer within(Duration policyTimeout) {
        long millis = policyTimeout.toMillis() + 1000;
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
