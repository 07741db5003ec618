package com.fitplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fitplatform.gateway.support.GatewayClient.Response;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Email/password accounts, refresh-token rotation and reuse detection, logout. */
class SessionAndPasswordIT extends SignInTestSupport {

    private Response post(String path, String body, String address) {
        return gateway().post(path, body).header("X-Forwarded-For", address).send();
    }

    private static String credentials(String email, String password) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }

    @Test
    void shouldRegisterThenLogInWithTheRightPasswordOnly() throws Exception {
        String email = unique("pw") + "@example.com";

        Response registered = post("/api/auth/register", credentials(email, "correct horse battery"), newAddress());
        Response duplicate =
                post("/api/auth/register", credentials(email.toUpperCase(), "another password"), newAddress());
        Response loggedIn = post("/api/auth/login", credentials(email, "correct horse battery"), newAddress());
        Response wrong = post("/api/auth/login", credentials(email, "wrong password!"), newAddress());
        Response nobody = post("/api/auth/login", credentials("nobody@example.com", "whatever1"), newAddress());

        assertThat(registered.status()).isEqualTo(201);
        assertSignedIn(registered);
        assertProblem(duplicate, 409, "conflict");
        assertSignedIn(loggedIn);
        assertThat(loggedIn.json().path("userId").asText())
                .isEqualTo(registered.json().path("userId").asText());
        assertProblem(wrong, 401, "unauthenticated");
        assertProblem(nobody, 401, "unauthenticated");
        String hash = jdbc.queryForObject(
                "select password_hash from auth_identity where provider = 'password' and subject = ?",
                String.class,
                email.toLowerCase());
        assertThat(hash).startsWith("$2a$").doesNotContain("correct horse");
    }

    @Test
    void shouldRefuseMalformedRegistrations() {
        assertProblem(
                post("/api/auth/register", credentials("not-an-email", "long enough"), newAddress()),
                400,
                "invalid-request");
        assertProblem(
                post("/api/auth/register", credentials("a@b.example", "short"), newAddress()), 400, "invalid-request");
        assertProblem(
                post("/api/auth/register", credentials("a@b.example", "x".repeat(100)), newAddress()),
                400,
                "invalid-request");
        assertProblem(post("/api/auth/register", "{broken", newAddress()), 400, "malformed-request");
        assertProblem(
                gateway()
                        .post("/api/auth/register", "{\"x\":\"" + "y".repeat(1_100_000) + "\"}")
                        .send(),
                413,
                "payload-too-large");
    }

    @Test
    void shouldLockTheSixthPasswordAttemptWithinAMinuteAndLiftItAfterTheWindow() {
        String email = unique("brute") + "@example.com";
        post("/api/auth/register", credentials(email, "the real password"), newAddress());

        for (int i = 0; i < 5; i++) {
            assertProblem(
                    post("/api/auth/login", credentials(email, "guess " + i + "xx"), newAddress()),
                    401,
                    "unauthenticated");
        }
        Response sixth = post("/api/auth/login", credentials(email, "the real password"), newAddress());

        assertProblem(sixth, 429, "too-many-requests");
        assertThat(Long.parseLong(sixth.header("Retry-After"))).isPositive();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(700))
                .untilAsserted(
                        () -> assertThat(post("/api/auth/login", credentials(email, "the real password"), newAddress())
                                        .status())
                                .isEqualTo(200));
    }

    @Test
    void shouldRotateRefreshTokensAndRevokeTheFamilyWhenARotatedOneIsReused() throws Exception {
        Response signedIn = nativeGoogle(unique("rt"), "n", newAddress());
        String first = signedIn.json().path("refreshToken").asText();

        Response rotated = post("/api/auth/refresh", "{\"refreshToken\":\"" + first + "\"}", newAddress());
        String second = rotated.json().path("refreshToken").asText();
        Response reused = post("/api/auth/refresh", "{\"refreshToken\":\"" + first + "\"}", newAddress());
        Response afterReuse = post("/api/auth/refresh", "{\"refreshToken\":\"" + second + "\"}", newAddress());

        assertSignedIn(rotated);
        assertThat(second).isNotEqualTo(first);
        assertThat(rotated.json().path("userId").asText())
                .isEqualTo(signedIn.json().path("userId").asText());
        assertProblem(reused, 401, "unauthenticated");
        assertProblem(afterReuse, 401, "unauthenticated");
        assertThat(count("select count(*) from auth_refresh_token where token_hash = ?", first))
                .isZero();
        assertThat(count("select count(*) from auth_refresh_token where token_hash = ?", Secrets.sha256Hex(first)))
                .isEqualTo(1);
    }

    @Test
    void shouldEndTheSessionOnLogoutAndRefuseUnknownRefreshTokens() {
        String token = nativeGoogle(unique("lo"), "n", newAddress())
                .json()
                .path("refreshToken")
                .asText();

        Response logout = post("/api/auth/logout", "{\"refreshToken\":\"" + token + "\"}", newAddress());
        Response refresh = post("/api/auth/refresh", "{\"refreshToken\":\"" + token + "\"}", newAddress());
        Response unknown = post("/api/auth/refresh", "{\"refreshToken\":\"made-up\"}", newAddress());
        Response missing = post("/api/auth/refresh", "{}", newAddress());

        assertThat(logout.status()).isEqualTo(200);
        assertProblem(refresh, 401, "unauthenticated");
        assertProblem(unknown, 401, "unauthenticated");
        assertProblem(missing, 400, "invalid-request");
    }

    @Test
    void shouldLetTheUsersJwtCallAnInternalEndpoint() {
        String jwt = nativeGoogle(unique("use"), "n", newAddress())
                .json()
                .path("accessToken")
                .asText();

        Response echo = gateway().post("/api/probes/echo", "{}").bearer(jwt).send();
        Response ops = gateway().post("/ops/keys/rotate", null).bearer(jwt).send();

        assertThat(echo.status()).isEqualTo(200);
        assertProblem(ops, 403, "forbidden");
    }
}
