package com.fitplatform.gateway.health.connect;

import com.fitplatform.gateway.common.resilience.ResiliencePolicies;
import com.fitplatform.gateway.common.resilience.ResilientCalls;
import com.fitplatform.gateway.common.resilience.ResilientCalls.Call;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Outbound HTTP to health providers through the shared resilience (breaker, timeout, bounded retry
 * of reads, audit). A 4xx is the provider's answer ({@link ProviderAnswered}); 429 comes back as a
 * response so the caller can wait for the rate-limit reset; 5xx and I/O errors are outages.
 */
@Component
public class ProviderHttp {

    /** A provider's answer. */
    public record Answer(int status, String body, Map<String, java.util.List<String>> headers) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst()
                    .orElse(null);
        }
    }

    /** A 5xx answer: the provider is failing (retried for reads, counted by the breaker). */
    public static class ProviderFailed extends IOException {
        public ProviderFailed(String message) {
            super(message);
        }
    }

    private final ResilientCalls calls;
    private final HttpClient http;

    public ProviderHttp(ResilientCalls calls, ResiliencePolicies policies) {
        this.calls = calls;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public Answer send(Call call, HttpRequest request) throws Exception {
        return calls.call(call, () -> {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 500) {
                throw new ProviderFailed(call.service() + " " + call.operation() + " answered " + status);
            }
            if (status >= 400 && status != 429) {
                throw new ProviderAnswered(
                        status,
                        call.service() + " " + call.operation() + " answered " + status + ": "
                                + abbreviate(response.body()));
            }
            return new Answer(status, response.body(), response.headers().map());
        });
    }

    public static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120));
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) : body;
    }
}
