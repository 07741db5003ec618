package com.fitplatform.gateway.auth;

import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The web flow's {@code state}: random, stored only as its SHA-256 with the nonce, PKCE verifier
 * and redirect URI it belongs to; redeemed once (deleted as it is read) within its lifetime.
 */
@Component
public class SignInState {

    /** What a redeemed state carries. */
    public record Pending(String provider, String redirectUri, String nonce, String codeVerifier) {}

    private final JdbcTemplate jdbc;
    private final AuthProperties properties;

    public SignInState(JdbcTemplate jdbc, AuthProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** Stores a new pending sign-in and returns its state value. */
    public String begin(Pending pending) {
        String state = Secrets.random(32);
        purgeExpired(); // abandoned sign-ins; indexed, so cheap
        jdbc.update(
                "insert into auth_state (state_hash, provider, redirect_uri, nonce, code_verifier, expires_at)"
                        + " values (?, ?, ?, ?, ?, ?)",
                Secrets.sha256Hex(state),
                pending.provider(),
                pending.redirectUri(),
                pending.nonce(),
                pending.codeVerifier(),
                Timestamp.from(Instant.now().plus(properties.stateTtl())));
        return state;
    }

    /** Redeems a state once; unknown, used, expired or another provider's state is refused. */
    public Pending redeem(String provider, String state) {
        if (state == null || state.isBlank() || state.length() > 200) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "Unknown, used or expired state");
        }
        List<Map<String, Object>> rows = jdbc.queryForList(
                "delete from auth_state where state_hash = ? returning provider, redirect_uri, nonce, code_verifier,"
                        + " expires_at",
                Secrets.sha256Hex(state));
        if (rows.isEmpty()
                || !provider.equals(rows.get(0).get("provider"))
                || ((Timestamp) rows.get(0).get("expires_at")).toInstant().isBefore(Instant.now())) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "Unknown, used or expired state");
        }
        Map<String, Object> row = rows.get(0);
        return new Pending(provider, (String) row.get("redirect_uri"), (String) row.get("nonce"), (String)
                row.get("code_verifier"));
    }

    /** Expired states nobody redeemed. */
    public int purgeExpired() {
        return jdbc.update("delete from auth_state where expires_at < now()");
    }
}
