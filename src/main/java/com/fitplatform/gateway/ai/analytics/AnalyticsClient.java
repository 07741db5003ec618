package com.fitplatform.gateway.ai.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.ai.AiAnswerRejected;
import com.fitplatform.gateway.ai.AiAnswers;
import com.fitplatform.gateway.ai.AiProperties;
import com.fitplatform.gateway.common.requestid.RequestIds;
import com.fitplatform.gateway.common.resilience.ResiliencePolicies;
import com.fitplatform.gateway.common.resilience.ResilientCalls;
import com.fitplatform.gateway.common.resilience.ResilientCalls.Call;
import com.fitplatform.gateway.common.resilience.ServiceAnswered;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The predictive analytics service: {@code POST /v1/predictions/runs {"date":"YYYY-MM-DD"}} with an
 * {@code Idempotency-Key}, answered {@code 202 {"runId","date","status"}}. Called under the
 * {@code analytics} policy: with a key it is retried on the schedule; without one it is never
 * repeated and an unknown outcome goes to manual review.
 */
@Component
public class AnalyticsClient {

    static final String SERVICE = "analytics";
    static final String OPERATION = "POST /v1/predictions/runs";

    /** The service refused the request (4xx): an answer, not an outage; never retried. */
    public static final class RunRefused extends RuntimeException implements ServiceAnswered {
        RunRefused(int status) {
            super("analytics refused the run request: HTTP " + status);
        }
    }

    /** The service failed (5xx): an outage, counted by the breaker, retried when allowed. */
    public static final class ServiceFailed extends RuntimeException {
        ServiceFailed(int status) {
            super("analytics failed: HTTP " + status);
        }
    }

    private final ResilientCalls calls;
    private final ResiliencePolicies policies;
    private final AiProperties properties;
    private final ObjectMapper json;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public AnalyticsClient(
            ResilientCalls calls, ResiliencePolicies policies, AiProperties properties, ObjectMapper json) {
        this.calls = calls;
        this.policies = policies;
        this.properties = properties;
        this.json = json;
    }

    /**
     * Asks for the run of {@code date}; {@code idempotencyKey} null means an unrepeatable call.
     *
     * @return the service's run id
     */
    public String requestRun(LocalDate date, String idempotencyKey) throws Exception {
        Call call = idempotencyKey == null
                ? Call.unrepeatable(SERVICE, OPERATION)
                : Call.withIdempotencyKey(SERVICE, OPERATION, idempotencyKey);
        Duration timeout = policies.policy(SERVICE).timeout();
        String body = json.writeValueAsString(Map.of("date", date.toString()));
        return calls.call(call, () -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(properties.analyticsUrl() + "/v1/predictions/runs"))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("X-Api-Key", properties.apiKey())
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            String requestId = RequestIds.current();
            if (requestId != null) {
                request.header(RequestIds.HEADER, requestId);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                throw new ServiceFailed(response.statusCode());
            }
            if (response.statusCode() >= 400) {
                throw new RunRefused(response.statusCode());
            }
            JsonNode answer = AiAnswers.read(json, SERVICE, response.body(), properties.maxAnswerBytes());
            String runId = answer.path("runId").asText("");
            if (runId.isBlank() || runId.length() > 200) {
                throw new AiAnswerRejected(SERVICE, "no runId");
            }
            return runId;
        });
    }
}
