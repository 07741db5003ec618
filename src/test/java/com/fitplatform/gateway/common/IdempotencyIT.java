package com.fitplatform.gateway.common;

import static com.fitplatform.gateway.common.HttpProblemsIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.GatewayIntegrationTest;
import com.fitplatform.gateway.support.Tokens;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Idempotency-Key: replay of the first answer, 422 on a different body, 409 while running. */
class IdempotencyIT extends GatewayIntegrationTest {

    @Autowired
    Tokens tokens;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldReplayTheFirstAnswerAndQueueOnlyOnce() {
        String token = tokens.service("idem");
        String key = UUID.randomUUID().toString();

        Response first = gateway()
                .post("/api/probes", "{\"label\":\"once\"}")
                .bearer(token)
                .header("Idempotency-Key", key)
                .send();
        Response second = gateway()
                .post("/api/probes", "{\"label\":\"once\"}")
                .bearer(token)
                .header("Idempotency-Key", key)
                .send();

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.json().path("id").asText())
                .isEqualTo(first.json().path("id").asText());
        assertThat(first.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void shouldRefuseTheSameKeyWithAnotherBodyWith422() {
        String token = tokens.service("idem");
        String key = UUID.randomUUID().toString();
        gateway()
                .post("/api/probes", "{\"label\":\"a\"}")
                .bearer(token)
                .header("Idempotency-Key", key)
                .send();

        Response reused = gateway()
                .post("/api/probes", "{\"label\":\"b\"}")
                .bearer(token)
                .header("Idempotency-Key", key)
                .send();

        assertProblem(reused, 422, "idempotency-key-reused");
    }

    @Test
    void shouldAnswer409WhileTheFirstRequestWithTheKeyIsStillRunning() {
        String key = UUID.randomUUID().toString();
        String body = "{\"label\":\"slow\"}";
        // The first request is in flight: its claim exists, its answer does not yet.
        jdbc.update(
                "insert into idempotency_key (scope, idempotency_key, request_hash, state, created_at, expires_at)"
                        + " values (?, ?, ?, 'in_progress', ?, ?)",
                "service:idem POST /api/probes",
                key,
                sha256(body),
                Timestamp.from(Instant.now()),
                Timestamp.from(Instant.now().plus(Duration.ofHours(1))));

        Response concurrent = gateway()
                .post("/api/probes", body)
                .bearer(tokens.service("idem"))
                .header("Idempotency-Key", key)
                .send();

        assertProblem(concurrent, 409, "idempotency-key-in-use");
        assertThat(concurrent.header("Retry-After")).isEqualTo("1");
    }

    @Test
    void shouldKeepKeysOfDifferentCallersApart() {
        String key = UUID.randomUUID().toString();

        Response billing = gateway()
                .post("/api/probes", "{\"label\":\"a\"}")
                .bearer(tokens.service("billing"))
                .header("Idempotency-Key", key)
                .send();
        Response content = gateway()
                .post("/api/probes", "{\"label\":\"b\"}")
                .bearer(tokens.service("content"))
                .header("Idempotency-Key", key)
                .send();

        assertThat(billing.status()).isEqualTo(202);
        assertThat(content.status()).isEqualTo(202);
        assertThat(content.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void shouldForgetTheKeyWhenTheFirstAttemptFailedSoARetryCanRun() {
        String token = tokens.service("idem");
        String key = UUID.randomUUID().toString();
        // 404 from the route is a final answer and is stored; the door's 400 (no claim) is not.
        Response invalidKey = gateway()
                .post("/api/probes", "{\"label\":\"x\"}")
                .bearer(token)
                .header("Idempotency-Key", "bad key with spaces")
                .send();

        assertProblem(invalidKey, 400, "invalid-request");
        assertThat(jdbc.queryForObject(
                        "select count(*) from idempotency_key where idempotency_key = ?", Long.class, key))
                .isZero();
    }

    private static String sha256(String body) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
