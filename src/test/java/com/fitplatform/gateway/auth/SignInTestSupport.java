package com.fitplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fitplatform.gateway.auth.apple.AppleSandbox;
import com.fitplatform.gateway.auth.google.GoogleSandbox;
import com.fitplatform.gateway.auth.vk.VkSandbox;
import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.GatewayIntegrationTest;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Shared helpers of the sign-in tests: client addresses, the fakes' tokens, checks of answers. */
abstract class SignInTestSupport extends GatewayIntegrationTest {

    static final String GOOGLE_CLIENT = "sandbox-google-client.apps.googleusercontent.com";
    static final String APPLE_CLIENT = "dev.fitplatform.sandbox";
    static final String VK_CLIENT = "51000001";

    @Autowired
    GoogleSandbox google;

    @Autowired
    AppleSandbox apple;

    @Autowired
    VkSandbox vk;

    @Autowired
    JdbcTemplate jdbc;

    /** A fresh client address per call (the tests' loopback proxy is trusted for X-Forwarded-For). */
    static String newAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    static String unique(String prefix) {
        return prefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    String googleIdToken(String sub, String nonce, Map<String, Object> claims) {
        Map<String, Object> all =
                new java.util.HashMap<>(Map.of("email", sub + "@gmail.example", "email_verified", true));
        all.putAll(claims);
        return google.issuer().idToken(GoogleSandbox.ISSUER, GOOGLE_CLIENT, sub, nonce, all);
    }

    Response nativeSignIn(String provider, String body, String address) {
        return gateway()
                .post("/api/auth/oauth/" + provider + "/token", body)
                .header("X-Forwarded-For", address)
                .send();
    }

    Response nativeGoogle(String sub, String nonce, String address) {
        return nativeSignIn("google", idTokenBody(googleIdToken(sub, nonce, Map.of()), nonce), address);
    }

    static String idTokenBody(String idToken, String nonce) {
        return "{\"idToken\":\"" + idToken + "\",\"nonce\":\"" + nonce + "\"}";
    }

    /** The gateway's answer carries a JWT that verifies against the published JWKS. */
    JWTClaimsSet assertSignedIn(Response response) throws Exception {
        assertThat(response.status()).as(response.toString()).isIn(200, 201);
        assertThat(response.header("Cache-Control")).contains("no-store");
        String token = response.json().path("accessToken").asText();
        assertThat(response.json().path("refreshToken").asText()).hasSizeGreaterThan(30);
        assertThat(response.json().path("expiresIn").asLong()).isEqualTo(900);
        JWKSet published =
                JWKSet.parse(gateway().get("/.well-known/jwks.json").send().body());
        SignedJWT jwt = SignedJWT.parse(token);
        ECKey key = (ECKey) published.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(response.json().path("userId").asText());
        assertThat(claims.getStringListClaim("roles")).containsExactly("user");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getIssuer()).isEqualTo("https://gateway.fitplatform.dev");
        assertThat(claims.getAudience()).contains("fitplatform");
        assertThat(claims.getExpirationTime().toInstant())
                .isBetween(Instant.now().plusSeconds(800), Instant.now().plusSeconds(910));
        return claims;
    }

    static void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("type").asText()).endsWith("/problems/" + type);
    }

    /** Path and query of an absolute URL on the gateway (the sandbox runs in it). */
    static String local(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    static Map<String, String> query(String url) {
        String raw = URI.create(url).getRawQuery();
        return java.util.Arrays.stream(raw.split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(
                        kv -> kv[0],
                        kv -> java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8),
                        (a, b) -> a));
    }

    /** The hidden inputs of Apple's auto-submitting form. */
    static Map<String, String> formFields(String html) {
        Matcher inputs = Pattern.compile("name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(html);
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        while (inputs.find()) {
            fields.put(inputs.group(1), org.springframework.web.util.HtmlUtils.htmlUnescape(inputs.group(2)));
        }
        return fields;
    }

    long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }
}
