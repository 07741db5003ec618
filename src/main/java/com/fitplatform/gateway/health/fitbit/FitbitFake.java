package com.fitplatform.gateway.health.fitbit;

import com.fitplatform.gateway.common.sandbox.SandboxFake;
import com.fitplatform.gateway.common.sandbox.SandboxFaults;
import com.fitplatform.gateway.health.HealthProperties;
import com.fitplatform.gateway.health.connect.SandboxOAuth;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Fake Fitbit Web API: OAuth (PKCE, Basic client auth), the steps/heart/sleep/weight range
 * endpoints with Fitbit's JSON shapes (values as strings) and deterministic data, and the per-user
 * hourly rate limit with {@code Fitbit-Rate-Limit-*} headers and 429 when exhausted.
 * {@code PUT /sandbox/fitbit/_rate-limit/{ownerId}} sets the remaining quota and reset for tests.
 */
@SandboxFake
public class FitbitFake {

    private static final class Window {
        int remaining;
        Instant reset;

        Window(int remaining, Instant reset) {
            this.remaining = remaining;
            this.reset = reset;
        }
    }

    private final SandboxFaults faults;
    private final HealthProperties properties;
    private final SandboxOAuth oauth = new SandboxOAuth("FB");
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public FitbitFake(SandboxFaults faults, HealthProperties properties) {
        this.faults = faults;
        this.properties = properties;
    }

    @GetMapping("/sandbox/fitbit/oauth2/authorize")
    public ResponseEntity<Void> authorize(
            @RequestParam("redirect_uri") String redirectUri,
            @RequestParam String state,
            @RequestParam("code_challenge") String challenge,
            @RequestParam("code_challenge_method") String method) {
        faults.apply("fitbit");
        return oauth.authorize(redirectUri, state, challenge, method);
    }

    @PostMapping(value = "/sandbox/fitbit/oauth2/token", consumes = "application/x-www-form-urlencoded")
    public ResponseEntity<Map<String, Object>> token(
            @RequestHeader(value = "Authorization", required = false) String basic,
            @RequestParam Map<String, String> form) {
        faults.apply("fitbit");
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString((properties.fitbit().clientId() + ":"
                                        + properties.fitbit().clientSecret())
                                .getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(basic)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .body(Map.of("errors", List.of(Map.of("errorType", "invalid_client"))));
        }
        return oauth.token(form);
    }

    @PostMapping("/sandbox/fitbit/oauth2/revoke")
    public ResponseEntity<Void> revoke(@RequestParam String token) {
        faults.apply("fitbit");
        oauth.revoke(token);
        return ResponseEntity.ok().build();
    }

    /** Test hook: the owner's remaining requests and seconds to the reset. */
    @PutMapping("/sandbox/fitbit/_rate-limit/{owner}")
    public Map<String, Object> setLimit(@PathVariable String owner, @RequestBody Map<String, Integer> limit) {
        windows.put(
                owner,
                new Window(
                        limit.getOrDefault("remaining", 0),
                        Instant.now().plusSeconds(limit.getOrDefault("resetSeconds", 3600))));
        return Map.of("owner", owner, "remaining", limit.getOrDefault("remaining", 0));
    }

    @GetMapping("/sandbox/fitbit/1/user/-/activities/{resource}/date/{start}/{end}.json")
    public ResponseEntity<Object> activities(
            @RequestHeader(value = "Authorization", required = false) String bearer,
            @PathVariable String resource,
            @PathVariable String start,
            @PathVariable String end) {
        return serve(bearer, owner -> {
            List<Map<String, Object>> days = new ArrayList<>();
            for (LocalDate day : days(start, end)) {
                Random random = SandboxOAuth.random(owner, day, resource);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("dateTime", day.toString());
                switch (resource) {
                    case "steps" -> entry.put("value", String.valueOf(steps(owner, day)));
                    case "distance" -> entry.put(
                            "value", String.format(java.util.Locale.ROOT, "%.2f", steps(owner, day) * 0.00075));
                    case "heart" -> entry.put(
                            "value",
                            Map.of(
                                    "customHeartRateZones", List.of(),
                                    "heartRateZones",
                                            List.of(
                                                    Map.of(
                                                            "name",
                                                            "Out of Range",
                                                            "min",
                                                            30,
                                                            "max",
                                                            94,
                                                            "minutes",
                                                            1200 + random.nextInt(100),
                                                            "caloriesOut",
                                                            1800.5),
                                                    Map.of(
                                                            "name",
                                                            "Fat Burn",
                                                            "min",
                                                            94,
                                                            "max",
                                                            132,
                                                            "minutes",
                                                            60 + random.nextInt(60),
                                                            "caloriesOut",
                                                            400.2)),
                                    "restingHeartRate", restingHeartRate(owner, day)));
                    default -> {
                        return null;
                    }
                }
                days.add(entry);
            }
            return Map.of("activities-" + resource, days);
        });
    }

    @GetMapping("/sandbox/fitbit/1.2/user/-/sleep/date/{start}/{end}.json")
    public ResponseEntity<Object> sleep(
            @RequestHeader(value = "Authorization", required = false) String bearer,
            @PathVariable String start,
            @PathVariable String end) {
        return serve(bearer, owner -> {
            List<Map<String, Object>> logs = new ArrayList<>();
            for (LocalDate day : days(start, end)) {
                int[] stages = sleepStages(owner, day);
                int asleep = stages[0] + stages[1] + stages[2];
                int inBed = asleep + stages[3];
                Map<String, Object> log = new LinkedHashMap<>();
                log.put("dateOfSleep", day.toString());
                log.put("logId", Math.abs((owner + day).hashCode()) * 10L);
                log.put("startTime", day.minusDays(1) + "T23:00:00.000");
                log.put(
                        "endTime",
                        day.atTime(23, 0).minusDays(1).plusMinutes(inBed).toString() + ":00.000");
                log.put("duration", inBed * 60_000L);
                log.put("minutesAsleep", asleep);
                log.put("timeInBed", inBed);
                log.put("type", "stages");
                log.put("isMainSleep", true);
                log.put(
                        "levels",
                        Map.of(
                                "summary",
                                Map.of(
                                        "deep", Map.of("count", 4, "minutes", stages[0], "thirtyDayAvgMinutes", 70),
                                        "light", Map.of("count", 20, "minutes", stages[1], "thirtyDayAvgMinutes", 220),
                                        "rem", Map.of("count", 6, "minutes", stages[2], "thirtyDayAvgMinutes", 90),
                                        "wake", Map.of("count", 15, "minutes", stages[3], "thirtyDayAvgMinutes", 40))));
                logs.add(log);
            }
            return Map.of("sleep", logs);
        });
    }

    @GetMapping("/sandbox/fitbit/1/user/-/body/log/weight/date/{start}/{end}.json")
    public ResponseEntity<Object> weight(
            @RequestHeader(value = "Authorization", required = false) String bearer,
            @PathVariable String start,
            @PathVariable String end) {
        return serve(bearer, owner -> {
            List<Map<String, Object>> logs = new ArrayList<>();
            for (LocalDate day : days(start, end)) {
                if (day.toEpochDay() % 3 != 0) {
                    continue; // weighed every third day
                }
                Random random = SandboxOAuth.random(owner, day, "weight");
                Map<String, Object> log = new LinkedHashMap<>();
                log.put("bmi", 23.1);
                log.put("date", day.toString());
                log.put("fat", 18 + random.nextInt(40) / 10.0);
                log.put("logId", day.toEpochDay() * 1000L + Math.abs(owner.hashCode() % 1000));
                log.put("source", "Aria");
                log.put("time", "07:15:00");
                log.put("weight", 72 + random.nextInt(60) / 10.0);
                logs.add(log);
            }
            return Map.of("weight", logs);
        });
    }

    /** Daily steps the fake reports: deterministic per owner and day (tests compute sums from it). */
    public static int steps(String owner, LocalDate day) {
        return 3000 + SandboxOAuth.random(owner, day, "steps").nextInt(12000);
    }

    public static int restingHeartRate(String owner, LocalDate day) {
        return 55 + SandboxOAuth.random(owner, day, "rhr").nextInt(15);
    }

    /** deep, light, rem, wake minutes. */
    static int[] sleepStages(String owner, LocalDate day) {
        Random random = SandboxOAuth.random(owner, day, "sleep");
        return new int[] {
            50 + random.nextInt(40), 200 + random.nextInt(60), 70 + random.nextInt(40), 20 + random.nextInt(30)
        };
    }

    private static List<LocalDate> days(String start, String end) {
        LocalDate from = LocalDate.parse(start);
        LocalDate to = end.equals("1d") ? from : LocalDate.parse(end);
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to) && days.size() < 1100; day = day.plusDays(1)) {
            days.add(day);
        }
        return days;
    }

    private ResponseEntity<Object> serve(String bearer, java.util.function.Function<String, Object> body) {
        faults.apply("fitbit");
        String owner = oauth.user(bearer);
        if (owner == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .body(Map.of(
                            "errors",
                            List.of(Map.of("errorType", "invalid_token", "message", "Access token invalid"))));
        }
        Window window = windows.compute(owner, (k, w) -> {
            if (w == null || Instant.now().isAfter(w.reset)) {
                return new Window(
                        properties.fitbit().sandboxRequestsPerHour(),
                        Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS));
            }
            return w;
        });
        long reset = Math.max(0, Instant.now().until(window.reset, ChronoUnit.SECONDS));
        synchronized (window) {
            if (window.remaining <= 0) {
                return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                        .header(
                                "Fitbit-Rate-Limit-Limit",
                                String.valueOf(properties.fitbit().sandboxRequestsPerHour()))
                        .header("Fitbit-Rate-Limit-Remaining", "0")
                        .header("Fitbit-Rate-Limit-Reset", String.valueOf(reset))
                        .header("Retry-After", String.valueOf(reset))
                        .body(Map.of("errors", List.of(Map.of("errorType", "system", "message", "Too Many Requests"))));
            }
            window.remaining--;
        }
        Object answer = body.apply(owner);
        if (answer == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("errors", List.of(Map.of("errorType", "not_found"))));
        }
        return ResponseEntity.ok()
                .header(
                        "Fitbit-Rate-Limit-Limit",
                        String.valueOf(properties.fitbit().sandboxRequestsPerHour()))
                .header("Fitbit-Rate-Limit-Remaining", String.valueOf(window.remaining))
                .header("Fitbit-Rate-Limit-Reset", String.valueOf(reset))
                .body(answer);
    }
}
