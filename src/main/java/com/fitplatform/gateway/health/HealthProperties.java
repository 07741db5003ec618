package com.fitplatform.gateway.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings of the health integration ({@code gateway.health.*} in config/health.yaml). */
@ConfigurationProperties("gateway.health")
public record HealthProperties(
        @DefaultValue("90") int initialDays,
        @DefaultValue("31") int maxIncrementalDays,
        @DefaultValue("30") int healthConnectHistoryDays,
        @DefaultValue("1000") int maxBatchItems,
        @DefaultValue("1000") int storeBatchRows,
        @DefaultValue("60s") Duration outageBackoff,
        @DefaultValue("2s") Duration rateLimitSlack,
        @DefaultValue("5m") Duration resumeStalledAfter,
        @DefaultValue("0 * * * * ?") String resumeCron,
        @DefaultValue("0 15 2 * * ?") String dailySyncCron,
        @DefaultValue("0 0 1 * * ?") String partitionCron,
        @DefaultValue("3") int partitionMonthsAhead,
        @DefaultValue("https://app.fitplatform.dev/health/connected") String redirectUri,
        @DefaultValue Tokens tokens,
        @DefaultValue Fitbit fitbit,
        @DefaultValue Garmin garmin,
        @DefaultValue GoogleFit googleFit,
        @DefaultValue({"apple-health", "health-connect", "garmin", "fitbit", "google-fit"}) List<String> sourcePriority,
        Map<String, List<String>> metricSourcePriority) {

    /** The effective source order for one metric: per-metric override, else the default order. */
    public List<String> priorityFor(String metric) {
        if (metricSourcePriority != null && metricSourcePriority.containsKey(metric)) {
            return metricSourcePriority.get(metric);
        }
        return sourcePriority;
    }

    /** AES-GCM keys for provider tokens at rest: id to base64 key (128/256 bit); the current id encrypts. */
    public record Tokens(
            @DefaultValue("sandbox-1") String currentKeyId,
            @DefaultValue Map<String, String> keys,
            @DefaultValue("5m") Duration refreshBeforeExpiry) {}

    public record Fitbit(
            @DefaultValue("http://127.0.0.1:8080/sandbox/fitbit") String apiBaseUrl,
            @DefaultValue("http://127.0.0.1:8080/sandbox/fitbit/oauth2/authorize") String authorizeUrl,
            @DefaultValue("http://127.0.0.1:8080/sandbox/fitbit/oauth2/token") String tokenUrl,
            @DefaultValue("http://127.0.0.1:8080/sandbox/fitbit/oauth2/revoke") String revokeUrl,
            @DefaultValue("sandbox-fitbit-client") String clientId,
            @DefaultValue("sandbox-fitbit-secret") String clientSecret,
            @DefaultValue("sandbox-fitbit-verify") String subscriberVerificationCode,
            @DefaultValue("activity heartrate sleep weight profile") String scopes,
            @DefaultValue("30") int daysPerRequest,
            @DefaultValue("150") int sandboxRequestsPerHour) {}

    public record Garmin(
            @DefaultValue("http://127.0.0.1:8080/sandbox/garmin") String apiBaseUrl,
            @DefaultValue("http://127.0.0.1:8080/sandbox/garmin/oauth2Confirm") String authorizeUrl,
            @DefaultValue("http://127.0.0.1:8080/sandbox/garmin/di-oauth2-service/oauth/token") String tokenUrl,
            @DefaultValue("sandbox-garmin-client") String clientId,
            @DefaultValue("sandbox-garmin-secret") String clientSecret,
            @DefaultValue List<String> callbackHosts) {}

    public record GoogleFit(
            @DefaultValue("http://127.0.0.1:8080/sandbox/google-fit") String apiBaseUrl,
            @DefaultValue("http://127.0.0.1:8080/sandbox/google-fit/o/oauth2/v2/auth") String authorizeUrl,
            @DefaultValue("http://127.0.0.1:8080/sandbox/google-fit/token") String tokenUrl,
            @DefaultValue("http://127.0.0.1:8080/sandbox/google-fit/revoke") String revokeUrl,
            @DefaultValue("sandbox-google-fit-client") String clientId,
            @DefaultValue("sandbox-google-fit-secret") String clientSecret,
            @DefaultValue(
                            "https://www.googleapis.com/auth/fitness.activity.read https://www.googleapis.com/auth/fitness.heart_rate.read https://www.googleapis.com/auth/fitness.body.read https://www.googleapis.com/auth/fitness.sleep.read")
                    String scopes,
            @DefaultValue("30") int daysPerRequest) {}
}
