package com.fitplatform.gateway.health.fitbit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.resilience.ProviderHttp;
import com.fitplatform.gateway.common.resilience.ResilientCalls.Call;
import com.fitplatform.gateway.health.HealthProperties;
import com.fitplatform.gateway.health.connect.HealthConnections;
import com.fitplatform.gateway.health.sync.ProviderFetcher;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Fitbit pulls for a range of days: steps, heart, sleep and weight time series (4 requests per
 * range). Reads {@code Fitbit-Rate-Limit-Remaining}/{@code -Reset} (seconds to the hourly reset)
 * after each answer: a 429 means wait until the reset, and a quota too small for the next range
 * makes the next range wait too.
 */
@Component
public class FitbitClient implements ProviderFetcher {

    static final int REQUESTS_PER_RANGE = 4;

    private final ProviderHttp http;
    private final HealthConnections connections;
    private final HealthProperties properties;
    private final ObjectMapper json;

    public FitbitClient(
            ProviderHttp http, HealthConnections connections, HealthProperties properties, ObjectMapper json) {
        this.http = http;
        this.connections = connections;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public String provider() {
        return FitbitNormalizer.PROVIDER;
    }

    @Override
    public int daysPerRequest() {
        // Weight logs allow at most 31 days per request.
        return Math.min(31, Math.max(1, properties.fitbit().daysPerRequest()));
    }

    @Override
    public Fetch fetch(String userId, LocalDate from, LocalDate to) throws Exception {
        String token = connections.accessToken(userId, provider());
        String base = properties.fitbit().apiBaseUrl();
        String range = from + "/" + to + ".json";
        List<String[]> requests = List.of(
                new String[] {"steps", base + "/1/user/-/activities/steps/date/" + range},
                new String[] {"heart", base + "/1/user/-/activities/heart/date/" + range},
                new String[] {"sleep", base + "/1.2/user/-/sleep/date/" + range},
                new String[] {"weight", base + "/1/user/-/body/log/weight/date/" + range});
        List<Part> parts = new ArrayList<>();
        Instant notBefore = null;
        for (String[] request : requests) {
            ProviderHttp.Answer answer = http.send(
                    Call.read(provider(), request[0]),
                    ProviderHttp.request(request[1])
                            .header("Authorization", "Bearer " + token)
                            .GET()
                            .build());
            Instant reset = Instant.now().plusSeconds(parseLong(answer.header("Fitbit-Rate-Limit-Reset"), 3600));
            if (answer.status() == 429) {
                return Fetch.rateLimited(reset);
            }
            long remaining = parseLong(answer.header("Fitbit-Rate-Limit-Remaining"), Long.MAX_VALUE);
            if (remaining < REQUESTS_PER_RANGE) {
                notBefore = reset;
            }
            parts.add(new Part(
                    request[0], json.readTree(answer.body()), Map.of("unitSystem", "METRIC", "utcOffsetSeconds", 0)));
        }
        return Fetch.ok(parts, notBefore);
    }

    private static long parseLong(String value, long fallback) {
        try {
            return value == null ? fallback : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
