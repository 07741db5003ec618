package com.fitplatform.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.common.resilience.ProviderAnswered;
import com.fitplatform.gateway.common.resilience.ProviderHttp;
import com.fitplatform.gateway.common.resilience.ProviderHttp.Answer;
import com.fitplatform.gateway.common.resilience.ProviderHttp.AnswerReader;
import com.fitplatform.gateway.common.resilience.ProviderHttp.ProviderFailed;
import com.fitplatform.gateway.common.resilience.ResiliencePolicies;
import com.fitplatform.gateway.common.resilience.ResilientCalls.Call;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Calls to sign-in providers through {@link ProviderHttp}, each a read under the provider's policy
 * (30 s, breaker, audit), with what a waiting user needs on top: a refusal by the provider (a 4xx:
 * a bad code or token) is the caller's 401, anything else, a rate limit included, is the provider
 * being unavailable (503). Code exchanges count as reads: repeating one is harmless, the provider
 * refuses a used code with a 4xx.
 */
@Component
public class SignInHttp {

    /**
     * Looks into a 200 answer for an error the provider reports in its body (VK's API), inside the
     * resilient call: throwing {@link ProviderAnswered} refuses the sign-in without counting against
     * the breaker, {@link ProviderFailed} counts as an outage.
     */
    @FunctionalInterface
    public interface AnswerCheck {
        void check(JsonNode answer) throws IOException;
    }

    private static final AnswerCheck ACCEPT_ANY = answer -> {};

    private final ProviderHttp http;
    private final ResiliencePolicies policies;
    private final ObjectMapper json;

    public SignInHttp(ProviderHttp http, ResiliencePolicies policies, ObjectMapper json) {
        this.http = http;
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

    /** Raw body of a GET, for the JWKS retriever: its failures are the retriever's to report. */
    public String getRaw(String service, String operation, String url) throws Exception {
        AnswerReader<String> body = answer -> available(service, answer).body();
        return http.send(
                Call.read(service, operation), request(service, url).GET().build(), body);
    }

    public JsonNode getJson(String service, String operation, String url, String authorization) {
        HttpRequest.Builder request = request(service, url).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return call(service, operation, request.build(), ACCEPT_ANY);
    }

    public JsonNode postForm(String service, String operation, String url, Map<String, String> fields) {
        return postForm(service, operation, url, fields, ACCEPT_ANY);
    }

    /** A form POST whose 200 answer may still carry the provider's error. */
    public JsonNode postForm(
            String service, String operation, String url, Map<String, String> fields, AnswerCheck check) {
        HttpRequest request = request(service, url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                .build();
        return call(service, operation, request, check);
    }

    private JsonNode call(String service, String operation, HttpRequest request, AnswerCheck check) {
        AnswerReader<JsonNode> reader = answer -> {
            JsonNode body = json.readTree(available(service, answer).body());
            check.check(body);
            return body;
        };
        try {
            return http.send(Call.read(service, operation), request, reader);
        } catch (ProviderAnswered refused) {
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

    /** A user cannot wait out a provider's rate limit: for sign-in it is the provider failing. */
    private static Answer available(String service, Answer answer) throws ProviderFailed {
        if (answer.status() == 429) {
            throw new ProviderFailed(service + " is rate limiting (429)");
        }
        return answer;
    }

    private HttpRequest.Builder request(String service, String url) {
        return ProviderHttp.request(url)
                .timeout(policies.policy(service).timeout())
                .header("Accept", "application/json");
    }
}
