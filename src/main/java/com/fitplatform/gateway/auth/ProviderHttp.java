package com.fitplatform.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.common.resilience.ResiliencePolicies;
import com.fitplatform.gateway.common.resilience.ResilientCalls;
import com.fitplatform.gateway.common.resilience.ResilientCalls.Call;
import com.fitplatform.gateway.common.resilience.ServiceAnswered;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Outbound HTTP to sign-in providers, each call under the provider's resilience policy (breaker,
 * 30 s timeout, audit). A 4xx is the provider's answer (a bad code or token: the caller's 401),
 * anything else is an outage (503).
 */
@Component("signInProviderHttp")
public class ProviderHttp {

    /** The provider refused what we sent (4xx): its answer, not its failure. */
    public static final class ProviderRefused extends IOException implements ServiceAnswered {
        private final int status;

        public ProviderRefused(int status) {
            super("Provider answered " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The provider failed (5xx or an unreadable answer). */
    public static final class ProviderFailed extends IOException {
        public ProviderFailed(String message) {
            super(message);
        }
    }

    /**
     * Looks into a 200 answer for an error the provider reports in its body (VK's API), inside the
     * resilient call: throwing {@link ProviderRefused} refuses the sign-in without counting against
     * the breaker, {@link ProviderFailed} counts as an outage.
     */
    @FunctionalInterface
    public interface AnswerCheck {
        void check(JsonNode answer) throws IOException;
    }

    private static final AnswerCheck ACCEPT_ANY = answer -> {};

    private final ResilientCalls calls;
    private final ResiliencePolicies policies;
    private final ObjectMapper json;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ProviderHttp(ResilientCalls calls, ResiliencePolicies policies, ObjectMapper json) {
        this.calls = calls;
        this.policies = policies;
        this.json = json;
    }

    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Raw body of a GET, for the JWKS retriever. */
    public String getRaw(String service, String operation, String url) throws Exception {
        return calls.call(
                Call.read(service, operation),
                () -> send(
                        service,
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Accept", "application/json")
                                .GET()));
    }

    public JsonNode getJson(String service, String operation, String url, String authorization) {
        return sync(service, operation, () -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "application/json")
                    .GET();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return json.readTree(send(service, request));
        });
    }

    /**
     * A form POST. Code exchanges are marked as reads: repeating one is harmless (the provider
     * refuses a used code with a 4xx), and the user is waiting.
     */
    public JsonNode postForm(String service, String operation, String url, Map<String, String> fields) {
        return postForm(service, operation, url, fields, ACCEPT_ANY);
    }

    /** A form POST whose 200 answer may still carry the provider's error. */
    public JsonNode postForm(
            String service, String operation, String url, Map<String, String> fields, AnswerCheck check) {
        return sync(service, operation, () -> {
            JsonNode answer = json.readTree(send(
                    service,
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Accept", "application/json")
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form(fields)))));
            check.check(answer);
            return answer;
        });
    }

    private JsonNode sync(String service, String operation, Callable<JsonNode> work) {
        try {
            return calls.call(Call.read(service, operation), work);
        } catch (ProviderRefused refused) {
            throw new ProblemException(
                    ProblemType.UNAUTHENTICATED, "The provider refused the sign-in (" + refused.status() + ")");
        } catch (CallNotPermittedException open) {
            throw new ProblemException(
                    ProblemType.SERVICE_UNAVAILABLE, "Sign-in with " + service + " is unavailable (circuit open)");
        } catch (ProblemException problem) {
            throw problem;
        } catch (Exception failure) {
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "Sign-in with " + service + " is unavailable");
        }
    }

    private String send(String service, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                request.timeout(policies.policy(service).timeout()).build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            throw new ProviderRefused(status);
        }
        if (status >= 300) {
            throw new ProviderFailed("Provider answered " + status);
        }
        return response.body();
    }
}
