package com.fitplatform.gateway.health.garmin;

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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Fake Garmin Health API: OAuth 2.0 PKCE, and the pull endpoint that ping callback URLs point to
 * ({@code /wellness-api/rest/dailies?uploadStartTimeInSeconds&uploadEndTimeInSeconds}, at most 24 h),
 * answering a JSON array of daily summaries with local-time offsets. Deterministic per user and day.
 */
@SandboxFake
public class GarminFake {

    private final SandboxFaults faults;
    private final HealthProperties properties;
    private final SandboxOAuth oauth = new SandboxOAuth("GA");

    public GarminFake(SandboxFaults faults, HealthProperties properties) {
        this.faults = faults;
        this.properties = properties;
    }

    @GetMapping("/sandbox/garmin/oauth2Confirm")
    public ResponseEntity<Void> authorize(
            @RequestParam("redirect_uri") String redirectUri,
            @RequestParam String state,
            @RequestParam("code_challenge") String challenge,
            @RequestParam("code_challenge_method") String method) {
        faults.apply("garmin");
        return oauth.authorize(redirectUri, state, challenge, method);
    }

    @PostMapping(
            value = "/sandbox/garmin/di-oauth2-service/oauth/token",
            consumes = "application/x-www-form-urlencoded")
    public ResponseEntity<Map<String, Object>> token(@RequestParam Map<String, String> form) {
        faults.apply("garmin");
        if (!properties.garmin().clientId().equals(form.get("client_id"))
                || !properties.garmin().clientSecret().equals(form.get("client_secret"))) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "invalid_client"));
        }
        return oauth.token(form);
    }

    @GetMapping("/sandbox/garmin/wellness-api/rest/dailies")
    public ResponseEntity<Object> dailies(
            @RequestHeader(value = "Authorization", required = false) String bearer,
            @RequestParam long uploadStartTimeInSeconds,
            @RequestParam long uploadEndTimeInSeconds) {
        faults.apply("garmin");
        String user = oauth.user(bearer);
        if (user == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("errorMessage", "Unauthorized"));
        }
        if (uploadEndTimeInSeconds <= uploadStartTimeInSeconds
                || uploadEndTimeInSeconds - uploadStartTimeInSeconds > 86_400) {
            return ResponseEntity.badRequest()
                    .body(Map.of("errorMessage", "timestamp range must be between 1 and 86400 seconds"));
        }
        List<Map<String, Object>> summaries = new ArrayList<>();
        LocalDate day = Instant.ofEpochSecond(uploadStartTimeInSeconds)
                .atOffset(ZoneOffset.UTC)
                .toLocalDate();
        if (day.isAfter(LocalDate.now(ZoneOffset.UTC))) {
            return ResponseEntity.ok(summaries);
        }
        Random random = SandboxOAuth.random(user, day, "garmin");
        int offset = 3600;
        long start = day.atStartOfDay().toEpochSecond(ZoneOffset.UTC) - offset;
        Map<String, Object> daily = new LinkedHashMap<>();
        daily.put("userId", user);
        daily.put("summaryId", "x" + Long.toHexString(start) + "-" + user);
        daily.put("calendarDate", day.toString());
        daily.put("activityType", "WALKING");
        int steps = 2500 + random.nextInt(12000);
        daily.put("steps", steps);
        daily.put("distanceInMeters", Math.round(steps * 0.78 * 100) / 100.0);
        daily.put("activeKilocalories", 200 + random.nextInt(600));
        daily.put("startTimeInSeconds", start);
        daily.put("startTimeOffsetInSeconds", offset);
        daily.put("durationInSeconds", 86_400);
        daily.put("restingHeartRateInBeatsPerMinute", 52 + random.nextInt(12));
        daily.put("averageHeartRateInBeatsPerMinute", 68 + random.nextInt(10));
        daily.put("minHeartRateInBeatsPerMinute", 48 + random.nextInt(6));
        daily.put("maxHeartRateInBeatsPerMinute", 130 + random.nextInt(40));
        summaries.add(daily);
        return ResponseEntity.ok(summaries);
    }
}
