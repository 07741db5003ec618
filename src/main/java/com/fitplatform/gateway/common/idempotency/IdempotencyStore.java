package com.fitplatform.gateway.common.idempotency;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code idempotency_key} table. A claim is a row inserted before the work starts; the
 * primary key makes two concurrent claims of one key impossible, across gateway instances too.
 */
@Repository
public class IdempotencyStore {

    /** What a claim found. */
    public sealed interface Claim {}

    /** This request owns the key and must do the work. */
    public record Claimed() implements Claim {}

    /** The same key is running right now. */
    public record InProgress() implements Claim {}

    /** The same key came with another request. */
    public record Mismatch() implements Claim {}

    /** The answer to replay. */
    public record Completed(int status, String contentType, String location, byte[] body) implements Claim {}

    private final JdbcTemplate jdbc;

    public IdempotencyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Claim claim(String scope, String key, String requestHash, Duration replayWindow, Duration staleAfter) {
        Instant now = Instant.now();
        for (int attempt = 0; attempt < 3; attempt++) {
            int inserted = jdbc.update(
                    "insert into idempotency_key (scope, idempotency_key, request_hash, state, created_at, expires_at)"
                            + " values (?, ?, ?, 'in_progress', ?, ?) on conflict do nothing",
                    scope,
                    key,
                    requestHash,
                    Timestamp.from(now),
                    Timestamp.from(now.plus(replayWindow)));
            if (inserted == 1) {
                return new Claimed();
            }
            Optional<Claim> existing = existing(scope, key, requestHash, now, staleAfter);
            if (existing.isPresent()) {
                return existing.get();
            }
            // Expired or stale: remove it (only if it still is) and claim again.
            jdbc.update(
                    "delete from idempotency_key where scope = ? and idempotency_key = ?"
                            + " and (expires_at < ? or (state = 'in_progress' and created_at < ?))",
                    scope,
                    key,
                    Timestamp.from(now),
                    Timestamp.from(now.minus(staleAfter)));
        }
        return new InProgress();
    }

    private Optional<Claim> existing(String scope, String key, String requestHash, Instant now, Duration staleAfter) {
        List<Optional<Claim>> rows = jdbc.query(
                "select request_hash, state, response_status, response_content_type, response_location,"
                        + " response_body, created_at, expires_at from idempotency_key"
                        + " where scope = ? and idempotency_key = ?",
                (rs, n) -> {
                    if (rs.getTimestamp("expires_at").toInstant().isBefore(now)) {
                        return Optional.empty();
                    }
                    if (!rs.getString("request_hash").equals(requestHash)) {
                        return Optional.of(new Mismatch());
                    }
                    if ("in_progress".equals(rs.getString("state"))) {
                        boolean stale =
                                rs.getTimestamp("created_at").toInstant().isBefore(now.minus(staleAfter));
                        return stale ? Optional.empty() : Optional.of(new InProgress());
                    }
                    return Optional.of(new Completed(
                            rs.getInt("response_status"),
                            rs.getString("response_content_type"),
                            rs.getString("response_location"),
                            rs.getBytes("response_body")));
                },
                scope,
                key);
        // A row deleted between the insert and this read: claim again.
        return rows.isEmpty() ? Optional.empty() : rows.get(0);
    }

    public void complete(String scope, String key, int status, String contentType, String location, byte[] body) {
        jdbc.update(
                "update idempotency_key set state = 'completed', response_status = ?, response_content_type = ?,"
                        + " response_location = ?, response_body = ? where scope = ? and idempotency_key = ?",
                status,
                contentType,
                location,
                body,
                scope,
                key);
    }

    /** Forgets a claim whose work failed in a way the caller may retry (5xx, exception). */
    public void release(String scope, String key) {
        jdbc.update("delete from idempotency_key where scope = ? and idempotency_key = ?", scope, key);
    }

    /** Removes expired keys; returns how many. */
    public int purgeExpired() {
        return jdbc.update("delete from idempotency_key where expires_at < now()");
    }
}
