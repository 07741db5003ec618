package com.fitplatform.gateway.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ai-proxy} and {@code ai-fallback}: workout recommendations, {@code POST
 * /api/recommendations/workouts}, without {@code recentMetrics} (the gateway fills them from stored
 * health data, as for the app).
 *
 * <p>{@code ai-proxy}: each virtual user calls the gateway, which forwards to {@link
 * FakeRecommendationService}, and calls that fake directly with the body the gateway forwards (order
 * alternating), so both kinds of call see the same machine at the same moment; "gateway minus direct"
 * is the gateway's added latency. The gateway's answer must come from the model ({@code "source":
 * "model"}), not the fallback. The direct calls are named "{@code <step> direct}".
 *
 * <p>{@code ai-fallback}: the same call with the service down (run.sh stops the fake); the answer
 * must be the rule-based fallback ({@code "source": "fallback"}).
 */
final class RecommendationWorkload implements Workload {

    static final String DIRECT_SUFFIX = " direct";

    private final String token;
    private final String serviceUrl;
    private final String apiKey;
    private final boolean serviceDown;
    private final AtomicLong users = new AtomicLong();

    RecommendationWorkload(String token, String serviceUrl, String apiKey, boolean serviceDown) {
        this.token = token;
        this.serviceUrl = serviceUrl;
        this.apiKey = apiKey;
        this.serviceDown = serviceDown;
    }

    @Override
    public ChainBuilder call(String stepName, String tag) {
        ChainBuilder user = exec(session -> {
            long n = users.incrementAndGet();
            return session.set("aiUser", "bench-ai-" + tag + "-" + (n % 500)).set("directFirst", n % 2 == 0);
        });
        if (serviceDown) {
            return user.exec(timed(stepName, gateway(stepName, "fallback")));
        }
        ChainBuilder viaGateway = timed(stepName, gateway(stepName, "model"));
        ChainBuilder direct = timed(stepName + DIRECT_SUFFIX, direct(stepName + DIRECT_SUFFIX));
        return user.exec(doIfOrElse("#{directFirst}")
                .then(exec(direct).exec(viaGateway))
                .orElse(exec(viaGateway).exec(direct)));
    }

    /** The request, its response time also recorded in microseconds (Gatling's are whole ms). */
    private static ChainBuilder timed(String name, HttpRequestActionBuilder request) {
        return exec(session -> session.set("sentNanos", System.nanoTime()))
                .exec(request)
                .exec(session -> {
                    StepRecorder.latency(name, System.nanoTime() - session.getLong("sentNanos"));
                    return session;
                });
    }

    private HttpRequestActionBuilder gateway(String name, String source) {
        return http(name)
                .post("/api/recommendations/workouts")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("X-Request-Id", "#{requestId}")
                .body(StringBody(session -> request(session.getString("aiUser"))))
                .check(status().is(200))
                .check(jmesPath("source").is(source))
                .check(jmesPath("recommendations[0].workoutPlanId").exists());
    }

    private HttpRequestActionBuilder direct(String name) {
        return http(name)
                .post(serviceUrl + "/v1/recommendations/workouts")
                .header("X-Api-Key", apiKey)
                .header("Content-Type", "application/json")
                .header("X-Request-Id", "#{requestId}")
                .body(StringBody(session -> request(session.getString("aiUser"))))
                .check(status().is(200))
                .check(jmesPath("recommendations[0].workoutPlanId").exists());
    }

    /** What the app sends, and (for a user without stored metrics) what the gateway forwards. */
    private static String request(String userId) {
        return "{\"userId\":\"" + userId + "\",\"fitnessLevel\":\"beginner\",\"targetGoal\":\"flexibility\","
                + "\"availableMinutes\":30,\"preferences\":[\"yoga\",\"home\"]}";
    }
}
