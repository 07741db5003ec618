package com.fitplatform.gateway.health.googlefit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.sandbox.SandboxFake;
import com.fitplatform.gateway.common.sandbox.SandboxFaults;
import com.fitplatform.gateway.health.HealthProperties;
import com.fitplatform.gateway.health.connect.SandboxOAuth;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Fake Google Fit: OAuth (PKCE, client credentials in the form) and {@code dataset:aggregate} with
 * daily buckets, {@code bucket[].dataset[].point[]}, int64 fields (millis, nanos) as JSON strings,
 * summaries for heart rate and weight as [average, max, min]. Deterministic data per user and day.
 */
@SandboxFake
public class GoogleFitFake {

    private final SandboxFaults faults;
    private final HealthProperties properties;
    private final ObjectMapper json;
    private final SandboxOAuth oauth = new SandboxOAuth("GF");

    public GoogleFitFake(SandboxFaults faults, HealthProperties properties, ObjectMapper json) {
        this.faults = faults;
        this.properties = properties;
        this.json = json;
    }

    @GetMapping("/sandbox/google-fit/o/oauth2/v2/auth")
    public ResponseEntity<Void> authorize(
            @RequestParam("redirect_uri") String redirectUri,
            @RequestParam String state,
            @RequestParam("code_challenge") String challenge,
            @RequestParam("code_challenge_method") String method) {
        faults.apply("google-fit");
        return oauth.authorize(redirectUri, state, challenge, method);
    }

    @PostMapping(value = "/sandbox/google-fit/token", consumes = "application/x-www-form-urlencoded")
    public ResponseEntity<Map<String, Object>> token(@RequestParam Map<String, String> form) {
        faults.apply("google-fit");
        if (!properties.googleFit().clientId().equals(form.get("client_id"))
                || !properties.googleFit().clientSecret().equals(form.get("client_secret"))) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "invalid_client"));
        }
        return oauth.token(form);
    }

    @PostMapping("/sandbox/google-fit/revoke")
    public ResponseEntity<Void> revoke(@RequestParam String token) {
        faults.apply("google-fit");
        oauth.revoke(token);
        return ResponseEntity.ok().build();
    }

    @PostMapping("/sandbox/google-fit/fitness/v1/users/me/dataset:aggregate")
    public ResponseEntity<Object> aggregate(
            @RequestHeader(value = "Authorization", required = false) String bearer, @RequestBody String body)
            throws Exception {
        faults.apply("google-fit");
        String user = oauth.user(bearer);
        if (user == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .body(Map.of(
                            "error",
                            Map.of(
                                    "code",
                                    401,
                                    "message",
                                    "Request had invalid authentication credentials.",
                                    "status",
                                    "UNAUTHENTICATED")));
        }
        JsonNode request = json.readTree(body);
        long start = request.path("startTimeMillis").asLong();
        long end = request.path("endTimeMillis").asLong();
        if (request.path("bucketByTime").path("durationMillis").asLong() != 86_400_000L
                || end <= start
                || !request.path("aggregateBy").isArray()) {
            return ResponseEntity.badRequest()
                    .body(Map.of(
                            "error",
                            Map.of("code", 400, "message", "Invalid aggregate request", "status", "INVALID_ARGUMENT")));
        }
        List<Map<String, Object>> buckets = new ArrayList<>();
        for (long t = start; t < end; t += 86_400_000L) {
            LocalDate day = Instant.ofEpochMilli(t).atOffset(ZoneOffset.UTC).toLocalDate();
            List<Map<String, Object>> datasets = new ArrayList<>();
            for (JsonNode by : request.path("aggregateBy")) {
                datasets.add(dataset(by.path("dataTypeName").asText(), user, day, t));
            }
            Map<String, Object> bucket = new LinkedHashMap<>();
            bucket.put("startTimeMillis", String.valueOf(t));
            bucket.put("endTimeMillis", String.valueOf(t + 86_400_000L));
            bucket.put("dataset", datasets);
            buckets.add(bucket);
        }
        return ResponseEntity.ok(Map.of("bucket", buckets));
    }

    private Map<String, Object> dataset(String type, String user, LocalDate day, long startMillis) {
        Random random = SandboxOAuth.random(user, day, type);
        String outType;
        List<Map<String, Object>> values;
        switch (type) {
            case "com.google.step_count.delta" -> {
                outType = type;
                values = List.of(Map.of("intVal", steps(user, day), "mapVal", List.of()));
            }
            case "com.google.distance.delta" -> {
                outType = type;
                values = List.of(Map.of("fpVal", steps(user, day) * 0.75, "mapVal", List.of()));
            }
            case "com.google.calories.expended" -> {
                outType = type;
                values = List.of(Map.of("fpVal", 300 + random.nextInt(500) + 0.5, "mapVal", List.of()));
            }
            case "com.google.heart_rate.bpm" -> {
                outType = "com.google.heart_rate.summary";
                values = List.of(
                        Map.of("fpVal", 70.0 + random.nextInt(10)),
                        Map.of("fpVal", 140.0 + random.nextInt(30)),
                        Map.of("fpVal", 50.0 + random.nextInt(8)));
            }
            case "com.google.weight" -> {
                if (day.toEpochDay() % 4 != 0) {
                    return Map.of(
                            "dataSourceId",
                            "derived:com.google.weight.summary:com.google.android.gms:aggregated",
                            "point",
                            List.of());
                }
                outType = "com.google.weight.summary";
                double w = 70 + random.nextInt(50) / 10.0;
                values = List.of(Map.of("fpVal", w), Map.of("fpVal", w), Map.of("fpVal", w));
            }
            default -> {
                return Map.of(
                        "dataSourceId", "derived:" + type + ":com.google.android.gms:aggregated", "point", List.of());
            }
        }
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("startTimeNanos", String.valueOf(startMillis * 1_000_000L));
        point.put("endTimeNanos", String.valueOf((startMillis + 86_400_000L) * 1_000_000L - 1));
        point.put("dataTypeName", outType);
        point.put("originDataSourceId", "raw:" + type + ":com.google.android.apps.fitness:sandbox");
        point.put("value", values);
        return Map.of(
                "dataSourceId", "derived:" + outType + ":com.google.android.gms:aggregated", "point", List.of(point));
    }

    /** Daily steps the fake reports for a user and day. */
    public static int steps(String user, LocalDate day) {
        return 2000 + SandboxOAuth.random(user, day, "gf-steps").nextInt(13000);
    }
}
