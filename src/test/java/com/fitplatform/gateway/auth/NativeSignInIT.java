package com.fitplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fitplatform.gateway.auth.google.GoogleSandbox;
import com.fitplatform.gateway.support.GatewayClient.Response;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The mobile flow: an ID token (or access token) from the app, checked with the provider. */
class NativeSignInIT extends SignInTestSupport {

    @Test
    void shouldSignInWithAGoogleIdTokenAndFindTheSameUserNextTime() throws Exception {
        String sub = unique("g");

        Response first = nativeGoogle(sub, "n-1", newAddress());
        Response second = nativeGoogle(sub, "n-2", newAddress());

        JWTClaimsSet claims = assertSignedIn(first);
        assertSignedIn(second);
        assertThat(first.json().path("newUser").asBoolean()).isTrue();
        assertThat(second.json().path("newUser").asBoolean()).isFalse();
        assertThat(second.json().path("userId").asText()).isEqualTo(claims.getSubject());
        assertThat(count("select count(*) from auth_identity where provider = 'google' and subject = ?", sub))
                .isEqualTo(1);
    }

    @Test
    void shouldAcceptGooglesIssuerWithoutScheme() throws Exception {
        String sub = unique("g");
        String token = google.issuer().idToken("accounts.google.com", GOOGLE_CLIENT, sub, "n", Map.of());

        assertSignedIn(nativeSignIn("google", idTokenBody(token, "n"), newAddress()));
    }

    @Test
    void shouldSignInWithAppleWhoseNonceIsTheHashOfTheAppsNonce() throws Exception {
        String sub = "001234." + unique("a") + ".0815";
        String raw = "raw-nonce-" + UUID.randomUUID();
        String token = gateway()
                .post("/sandbox/apple/_mint?sub=" + sub + "&nonce=" + raw, "")
                .send()
                .json()
                .path("idToken")
                .asText();

        Response signedIn = nativeSignIn("apple", idTokenBody(token, raw), newAddress());

        assertSignedIn(signedIn);
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("nonce"))
                .isEqualTo(Secrets.sha256Hex(raw));
    }

    @Test
    void shouldSignInWithVkIdTokenAndWithVkAndYandexAccessTokens() throws Exception {
        String hint = unique("v");
        var vkMinted = gateway()
                .post("/sandbox/vk/_mint?login_hint=" + hint + "&nonce=n", "")
                .send()
                .json();
        String yandexToken = gateway()
                .post("/sandbox/yandex/_mint?login_hint=" + unique("y"), "")
                .send()
                .json()
                .path("accessToken")
                .asText();

        Response byIdToken =
                nativeSignIn("vk", idTokenBody(vkMinted.path("idToken").asText(), "n"), newAddress());
        Response byAccessToken = nativeSignIn(
                "vk", "{\"accessToken\":\"" + vkMinted.path("accessToken").asText() + "\"}", newAddress());
        Response yandex = nativeSignIn("yandex", "{\"accessToken\":\"" + yandexToken + "\"}", newAddress());
        Response yandexForged = nativeSignIn("yandex", "{\"accessToken\":\"y0_forged\"}", newAddress());

        assertSignedIn(byIdToken);
        assertSignedIn(byAccessToken);
        assertThat(byAccessToken.json().path("userId").asText())
                .isEqualTo(byIdToken.json().path("userId").asText());
        assertSignedIn(yandex);
        assertProblem(yandexForged, 401, "unauthenticated");
    }

    @Test
    void shouldRefuseEveryBadIdTokenWith401AndAuditItWithoutTheToken() throws Exception {
        String sub = unique("bad");
        Instant now = Instant.now();
        RSAKey attacker = new RSAKeyGenerator(2048)
                .keyID(google.issuer().key().getKeyID())
                .generate();
        JWTClaimsSet valid = new JWTClaimsSet.Builder()
                .issuer(GoogleSandbox.ISSUER)
                .audience(GOOGLE_CLIENT)
                .subject(sub)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .claim("nonce", "n")
                .build();
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(attacker.getKeyID())
                        .build(),
                valid);
        forged.sign(new RSASSASigner(attacker));
        SignedJWT hmac = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(attacker.getKeyID())
                        .build(),
                valid);
        hmac.sign(
                new MACSigner(google.issuer().key().toPublicJWK().toJSONString().getBytes()));
        JWTClaimsSet expired = new JWTClaimsSet.Builder(valid)
                .issueTime(Date.from(now.minusSeconds(7200)))
                .expirationTime(Date.from(now.minusSeconds(3600)))
                .build();
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("forged", forged.serialize());
        bad.put("expired", google.issuer().sign(expired));
        bad.put("wrong audience", google.issuer().idToken(GoogleSandbox.ISSUER, "someone-else", sub, "n", Map.of()));
        bad.put("wrong issuer", google.issuer().idToken("https://evil.example", GOOGLE_CLIENT, sub, "n", Map.of()));
        bad.put("wrong nonce", google.issuer().idToken(GoogleSandbox.ISSUER, GOOGLE_CLIENT, sub, "other", Map.of()));
        bad.put("alg none", new PlainJWT(valid).serialize());
        bad.put("hs256 with public key", hmac.serialize());
        bad.put(
                "another provider's key",
                apple.issuer().idToken(GoogleSandbox.ISSUER, GOOGLE_CLIENT, sub, "n", Map.of()));
        bad.put("garbage", "not.a.jwt");
        long auditedBefore = count("select count(*) from integration_audit where operation = 'id-token refused'");

        for (var each : bad.entrySet()) {
            Response refused = nativeSignIn("google", idTokenBody(each.getValue(), "n"), newAddress());
            assertProblem(refused, 401, "unauthenticated");
            assertThat(refused.body()).as(each.getKey()).doesNotContain(each.getValue());
        }

        assertThat(count("select count(*) from auth_identity where subject = ?", sub))
                .isZero();
        Awaitility.await().untilAsserted(() -> assertThat(
                        count("select count(*) from integration_audit where operation = 'id-token refused'"))
                .isGreaterThanOrEqualTo(auditedBefore + bad.size()));
        List<String> details = jdbc.queryForList(
                "select coalesce(detail, '') || coalesce(error_class, '') from integration_audit"
                        + " where operation = 'id-token refused'",
                String.class);
        for (String token : bad.values()) {
            assertThat(details).noneMatch(detail -> detail.contains(token.substring(0, Math.min(40, token.length()))));
        }
    }

    @Test
    void shouldRefuseMalformedOversizedAndUnknownRequests() {
        Response notJson = nativeSignIn("google", "{nope", newAddress());
        Response array = nativeSignIn("google", "[]", newAddress());
        Response empty = nativeSignIn("google", "{}", newAddress());
        Response oversized = nativeSignIn("google", idTokenBody("x".repeat(20_000), "n"), newAddress());
        Response unknown = nativeSignIn("myspace", idTokenBody("a.b.c", "n"), newAddress());
        Response noNonce = nativeSignIn(
                "google", "{\"idToken\":\"" + googleIdToken(unique("x"), "n", Map.of()) + "\"}", newAddress());

        assertProblem(notJson, 400, "malformed-request");
        assertProblem(array, 400, "malformed-request");
        assertProblem(empty, 400, "invalid-request");
        assertProblem(oversized, 401, "unauthenticated");
        assertProblem(unknown, 404, "not-found");
        assertProblem(noNonce, 401, "unauthenticated");
    }

    @Test
    void shouldCreateOneUserWhenTheSameIdentitySignsInConcurrently() throws Exception {
        String sub = unique("race");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<Response>> logins = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            logins.add(() -> nativeGoogle(sub, "n", newAddress()));
        }

        List<String> users = new ArrayList<>();
        for (Future<Response> each : pool.invokeAll(logins)) {
            users.add(assertSignedIn(each.get()).getSubject());
        }
        pool.shutdown();

        assertThat(users).hasSize(4).containsOnly(users.get(0));
        assertThat(count("select count(*) from auth_identity where provider = 'google' and subject = ?", sub))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from outbox_event where event_type = 'user.created' and aggregate_id = ?",
                        users.get(0)))
                .isEqualTo(1);
    }

    @Test
    void shouldRateLimitTheSixthSignInOfAnAccountWithinTheWindow() {
        String sub = unique("limited");

        for (int i = 0; i < 5; i++) {
            assertThat(nativeGoogle(sub, "n", newAddress()).status()).isEqualTo(200);
        }
        Response sixth = nativeGoogle(sub, "n", newAddress());

        assertProblem(sixth, 429, "too-many-requests");
        assertThat(Long.parseLong(sixth.header("Retry-After"))).isBetween(1L, 8L);
        Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(500))
                .until(() -> nativeGoogle(sub, "n", newAddress()).status() == 200);
    }

    @Test
    void shouldRateLimitTheSixthSignInFromOneAddress() {
        String address = newAddress();

        for (int i = 0; i < 5; i++) {
            assertThat(nativeGoogle(unique("ip"), "n", address).status()).isEqualTo(200);
        }
        Response sixth = nativeGoogle(unique("ip"), "n", address);
        Response untrustedForwarding = gateway()
                .post("/api/auth/oauth/google/token", idTokenBody(googleIdToken(unique("ip"), "n", Map.of()), "n"))
                .header("X-Forwarded-For", address + ", " + newAddress())
                .send();

        assertProblem(sixth, 429, "too-many-requests");
        assertThat(sixth.header("Retry-After")).isNotBlank();
        assertThat(untrustedForwarding.status())
                .as("the nearest untrusted hop counts")
                .isEqualTo(200);
    }
}
