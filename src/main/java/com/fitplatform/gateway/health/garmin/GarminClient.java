package com.fitplatform.gateway.health.garmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.resilience.ProviderHttp;
import com.fitplatform.gateway.common.resilience.ResilientCalls.Call;
import com.fitplatform.gateway.health.HealthProperties;
import com.fitplatform.gateway.health.connect.HealthConnections;
import com.fitplatform.gateway.health.sync.CallbackPuller;
import com.fitplatform.gateway.health.sync.ProviderFetcher;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Garmin Health API pulls: summaries by upload window (at most 24 h per request, so one day per
 * fetch) and the callback URLs of ping notifications (only to configured hosts).
 */
@Component
public class GarminClient implements ProviderFetcher, CallbackPuller {

    private final ProviderHttp http;
    private final HealthConnections connections;
    private final HealthProperties properties;
    private final ObjectMapper json;

    public GarminClient(
            ProviderHttp http, HealthConnections connections, HealthProperties properties, ObjectMapper json) {
        this.http = http;
        this.connections = connections;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public String provider() {
        return GarminNormalizer.PROVIDER;
    }

    @Override
    public int daysPerRequest() {
        return 1;
    }

    @Override
    public Fetch fetch(String userId, LocalDate from, LocalDate to) throws Exception {
        String token = connections.accessToken(userId, provider());
        long start = from.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        long end = to.plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        String url = properties.garmin().apiBaseUrl() + "/wellness-api/rest/dailies?uploadStartTimeInSeconds=" + start
                + "&uploadEndTimeInSeconds=" + end;
        ProviderHttp.Answer answer = http.send(
                Call.read(provider(), "dailies"),
                ProviderHttp.request(url)
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build());
        if (answer.status() == 429) {
            return Fetch.rateLimited(Instant.now().plusSeconds(60));
        }
        return Fetch.ok(List.of(new Part("dailies", json.readTree(answer.body()), Map.of())), null);
    }

    @Override
    public String pull(JsonNode request) throws Exception {
        String userId = request.path("userId").asText();
        String type = request.path("type").asText("dailies");
        URI callback = URI.create(request.path("callbackURL").asText());
        if (!properties.garmin().callbackHosts().contains(callback.getHost())) {
            throw new IllegalArgumentException("Garmin callback host not allowed");
        }
        String token = connections.accessToken(userId, provider());
        ProviderHttp.Answer answer = http.send(
                Call.read(provider(), "callback-pull"),
                ProviderHttp.request(callback.toString())
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build());
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("provider", provider());
        raw.put("userId", userId);
        raw.put("receivedAt", Instant.now().toString());
        raw.put("parts", List.of(Map.of("kind", type, "payload", json.readTree(answer.body()))));
        return json.writeValueAsString(raw);
    }
}
