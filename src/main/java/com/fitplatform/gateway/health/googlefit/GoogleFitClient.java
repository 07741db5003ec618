package com.fitplatform.gateway.health.googlefit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.resilience.ProviderHttp;
import com.fitplatform.gateway.common.resilience.ResilientCalls.Call;
import com.fitplatform.gateway.health.HealthProperties;
import com.fitplatform.gateway.health.connect.HealthConnections;
import com.fitplatform.gateway.health.sync.ProviderFetcher;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Google Fit {@code dataset:aggregate} pulls in daily buckets: steps, distance, calories, heart
 * rate and weight summaries, one request per range. The POST is a read (safe to retry).
 */
@Component
public class GoogleFitClient implements ProviderFetcher {

    static final List<String> TYPES = List.of(
            "com.google.step_count.delta",
            "com.google.distance.delta",
            "com.google.calories.expended",
            "com.google.heart_rate.bpm",
            "com.google.weight");

    private final ProviderHttp http;
    private final HealthConnections connections;
    private final HealthProperties properties;
    private final ObjectMapper json;

    public GoogleFitClient(
            ProviderHttp http, HealthConnections connections, HealthProperties properties, ObjectMapper json) {
        this.http = http;
        this.connections = connections;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public String provider() {
        return GoogleFitNormalizer.PROVIDER;
    }

    @Override
    public int daysPerRequest() {
        return Math.max(1, properties.googleFit().daysPerRequest());
    }

    @Override
    public Fetch fetch(String userId, LocalDate from, LocalDate to) throws Exception {
        String token = connections.accessToken(userId, provider());
        long start = from.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        long end = to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        Map<String, Object> body = Map.of(
                "aggregateBy",
                TYPES.stream().map(type -> Map.of("dataTypeName", type)).toList(),
                "bucketByTime",
                Map.of("durationMillis", 86_400_000L),
                "startTimeMillis",
                start,
                "endTimeMillis",
                end);
        ProviderHttp.Answer answer = http.send(
                Call.read(provider(), "dataset-aggregate"),
                ProviderHttp.request(properties.googleFit().apiBaseUrl() + "/fitness/v1/users/me/dataset:aggregate")
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                        .build());
        if (answer.status() == 429) {
            return Fetch.rateLimited(Instant.now().plusSeconds(60));
        }
        return Fetch.ok(List.of(new Part("aggregate", json.readTree(answer.body()), Map.of())), null);
    }
}
