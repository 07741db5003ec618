package com.fitplatform.gateway.auth;

import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.common.security.GatewayTokens;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The gateway's user session: a short-lived JWT ({@code sub} = user id, role {@code user}) and an
 * opaque refresh token stored only as its SHA-256. Each refresh rotates the token within its
 * family; presenting a rotated (or revoked) token again means it leaked: the family is revoked.
 */
@Component
public class SessionTokens {

    private enum Outcome {
        ROTATED,
        UNKNOWN,
        EXPIRED,
        REUSED
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final GatewayTokens tokens;
    private final AuthProperties properties;

    public SessionTokens(
            JdbcTemplate jdbc, TransactionTemplate transactions, GatewayTokens tokens, AuthProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tokens = tokens;
        this.properties = properties;
    }

    /** A new session (a new refresh-token family). */
    public Map<String, Object> start(String userId) {
        return transactions.execute(
                status -> answer(userId, newRefreshToken(UUID.fromString(userId), UUID.randomUUID())));
    }

    public Map<String, Object> refresh(String refreshToken) {
        String hash = Secrets.sha256Hex(refreshToken);
        Object[] result = transactions.execute(status -> {
            List<Map<String, Object>> rows = jdbc.queryForList(
                    "select id, family_id, user_id, expires_at, rotated_at, revoked_at from auth_refresh_token"
                            + " where token_hash = ? for update",
                    hash);
            if (rows.isEmpty()) {
                return new Object[] {Outcome.UNKNOWN};
            }
            Map<String, Object> row = rows.get(0);
            UUID family = (UUID) row.get("family_id");
            if (row.get("rotated_at") != null || row.get("revoked_at") != null) {
                jdbc.update(
                        "update auth_refresh_token set revoked_at = now() where family_id = ? and revoked_at is null",
                        family);
                return new Object[] {Outcome.REUSED};
            }
            if (((Timestamp) row.get("expires_at")).toInstant().isBefore(Instant.now())) {
                return new Object[] {Outcome.EXPIRED};
            }
            jdbc.update("update auth_refresh_token set rotated_at = now() where id = ?", row.get("id"));
            UUID user = (UUID) row.get("user_id");
            return new Object[] {Outcome.ROTATED, answer(user.toString(), newRefreshToken(user, family))};
        });
        return switch ((Outcome) result[0]) {
            case ROTATED -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> answer = (Map<String, Object>) result[1];
                yield answer;
            }
            case REUSED -> throw new ProblemException(
                    ProblemType.UNAUTHENTICATED, "Refresh token already used: the session is revoked");
            case EXPIRED -> throw new ProblemException(ProblemType.UNAUTHENTICATED, "Refresh token expired");
            case UNKNOWN -> throw new ProblemException(ProblemType.UNAUTHENTICATED, "Unknown refresh token");
        };
    }

    /** Ends the session of a refresh token (its whole family). Unknown tokens are ignored. */
    public boolean logout(String refreshToken) {
        return jdbc.update(
                        "update auth_refresh_token set revoked_at = now() where revoked_at is null and family_id ="
                                + " (select family_id from auth_refresh_token where token_hash = ?)",
                        Secrets.sha256Hex(refreshToken))
                > 0;
    }

    private String newRefreshToken(UUID user, UUID family) {
        String token = Secrets.random(32);
        jdbc.update(
                "insert into auth_refresh_token (id, family_id, user_id, token_hash, expires_at) values (?, ?, ?, ?, ?)",
                UUID.randomUUID(),
                family,
                user,
                Secrets.sha256Hex(token),
                Timestamp.from(Instant.now().plus(properties.refreshTokenTtl())));
        return token;
    }

    private Map<String, Object> answer(String userId, String refreshToken) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(
                "accessToken", tokens.issue(userId, List.of("user"), List.of(), properties.accessTokenTtl(), Map.of()));
        answer.put("tokenType", "Bearer");
        answer.put("expiresIn", properties.accessTokenTtl().toSeconds());
        answer.put("refreshToken", refreshToken);
        answer.put("userId", userId);
        return answer;
    }
}
