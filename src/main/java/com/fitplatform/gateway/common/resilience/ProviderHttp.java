package com.fitplatform.gateway.common.resilience;

import com.fitplatform.gateway.common.resilience.ResilientCalls.Call;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Outbound HTTP from Java code to a provider's API, each call under the provider's resilience
 * policy (breaker, timeout, retry rule, audit). One reading of an answer for every integration: a
 * 5xx, a 408, a redirect or an unreadable answer is the provider failing ({@link ProviderFailed}:
 * retried where the call allows it, counted by the breaker); any other 4xx but 429 is the provider's
 * answer about our request ({@link ProviderAnswered}: not retried, not counted); 2xx and 429 come
 * back as an {@link Answer}, since only the caller knows whether a rate limit is waited out (a
 * health sync) or is an outage (a user waiting to sign in).
 */
@Component
public class ProviderHttp {

    /** A provider's answer: 2xx, or 429 with its rate-limit headers. */
    public record Answer(int status, String body, Map<String, List<String>> headers) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst()
                    .orElse(null);
        }
    }

    /** The provider is failing: retried for calls that may be, counted by the breaker. */
    public static class ProviderFailed extends IOException {
        public ProviderFailed(String message) {
            super(message);
        }
    }

    /** Reads an answer inside the resilient call, so what it throws counts as the call's outcome. */
    @FunctionalInterface
    public interface AnswerReader<T> {
        T read(Answer answer) throws Exception;
    }

    /** A backstop only: the policy's timeout, enforced by {@link ResilientCalls}, ends a call first. */
    private static final Duration REQUEST_BACKSTOP = Duration.ofSeconds(120);

    private final ResilientCalls calls;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public ProviderHttp(ResilientCalls calls) {
        this.calls = calls;
    }

    public static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_BACKSTOP);
    }

    public Answer send(Call call, HttpRequest request) throws Exception {
        return send(call, request, answer -> answer);
    }

    public <T> T send(Call call, HttpRequest request, AnswerReader<T> reader) throws Exception {
        return calls.call(call, () -> reader.read(exchange(call, request)));
    }

    private Answer exchange(Call call, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        String what = call.service() + " " + call.operation() + " answered " + status;
        if (status >= 500 || status == 408 || (status >= 300 && status < 400)) {
            throw new ProviderFailed(what);
        }
        if (status >= 400 && status != 429) {
            throw new ProviderAnswered(status, what + ": " + abbreviate(response.body()));
        }
        return new Answer(status, response.body(), response.headers().map());
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) : body;
    }
}
