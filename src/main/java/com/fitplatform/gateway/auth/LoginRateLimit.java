package com.fitplatform.gateway.auth;

import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Login attempts per account and per client IP, counted in PostgreSQL so every gateway instance
 * sees the same numbers: a fixed window per bucket, reset atomically by the upsert that counts.
 * Every attempt counts; the one past the limit gets 429 with {@code Retry-After}.
 */
@Component
public class LoginRateLimit {

    private static final String HIT =
            "insert into auth_rate_limit (bucket, window_start, attempts) values (?, now(), 1)"
                    + " on conflict (bucket) do update set"
                    + " attempts = case when auth_rate_limit.window_start <= now() - make_interval(secs => ?)"
                    + "   then 1 else auth_rate_limit.attempts + 1 end,"
                    + " window_start = case when auth_rate_limit.window_start <= now() - make_interval(secs => ?)"
                    + "   then now() else auth_rate_limit.window_start end"
                    + " returning attempts,"
                    + " extract(epoch from (window_start + make_interval(secs => ?) - now()))";

    private final JdbcTemplate jdbc;
    private final AuthProperties properties;

    public LoginRateLimit(JdbcTemplate jdbc, AuthProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    public void attemptFromAddress(String address) {
        hit("ip:" + address);
    }

    /** The account is hashed: the bucket name carries no personal data. */
    public void attemptOnAccount(String provider, String accountKey) {
        hit("account:" + Secrets.sha256Hex(provider + ":" + accountKey));
    }

    private void hit(String bucket) {
        double window = properties.rateLimitWindow().toMillis() / 1000.0;
        Map<String, Object> row = jdbc.queryForMap(HIT, bucket, window, window, window);
        int attempts = ((Number) row.get("attempts")).intValue();
        if (attempts > properties.rateLimitAttempts()) {
            double remaining = ((Number) row.get("extract")).doubleValue();
            long retryAfter = Math.max(1, (long) Math.ceil(remaining));
            throw new ProblemException(
                    ProblemType.TOO_MANY_REQUESTS,
                    "Too many sign-in attempts; try again in " + retryAfter + " s",
                    Map.of("retryAfterSeconds", retryAfter));
        }
    }
}
