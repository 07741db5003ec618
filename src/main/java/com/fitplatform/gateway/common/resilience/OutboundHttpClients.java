package com.fitplatform.gateway.common.resilience;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.protocol.HttpClientContext;

/**
 * Apache HttpClient settings for Camel HTTP endpoints called under a service's policy (endpoint
 * option {@code httpClientConfigurer}). No automatic retries: HttpClient 5 re-sends on 503 by
 * default, even a POST, which would bypass the policy's retry rule and double the load on a failing
 * service. Connect and response timeouts are one second beyond the policy timeout, so the breaker
 * always decides first (an HTTP timeout racing it would fail the exchange after the fallback
 * answered) and an abandoned call still frees its connection soon. They are set on each request
 * from the policy in force, since a live policy edit outlives the client built at start.
 */
public final class OutboundHttpClients {

    private OutboundHttpClients() {}

    public static HttpClientConfigurer within(Supplier<Duration> policyTimeout) {
        return builder -> {
            builder.disableAutomaticRetries();
            builder.setDefaultRequestConfig(beyond(policyTimeout.get()));
            builder.addRequestInterceptorFirst((request, entity, context) ->
                    HttpClientContext.castOrCreate(context).setRequestConfig(beyond(policyTimeout.get())));
        };
    }

    static RequestConfig beyond(Duration policyTimeout) {
        long millis = policyTimeout.toMillis() + 1000;
        return RequestConfig.custom()
                .setResponseTimeout(millis, TimeUnit.MILLISECONDS)
                .setConnectionRequestTimeout(millis, TimeUnit.MILLISECONDS)
                .setConnectTimeout(millis, TimeUnit.MILLISECONDS)
                .build();
    }
}
