package com.fitplatform.gateway.common;

import static com.fitplatform.gateway.common.HttpProblemsIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import com.fitplatform.gateway.common.security.JwtKeyRing;
import com.fitplatform.gateway.common.security.SecurityProperties;
import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.GatewayIntegrationTest;
import com.fitplatform.gateway.support.Tokens;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.AntPathMatcher;

/**
 * Nothing is open by accident: every /api and /ops endpoint refuses missing and wrong tokens, but
 * for the paths gateway.security.public-api-paths opens on purpose (sign-in).
 */
class SecurityIT extends GatewayIntegrationTest {

    @Autowired
    Tokens tokens;

    @Autowired
    JwtKeyRing keys;

    @Autowired
    CamelContext camel;

    @Autowired
    SecurityProperties security;

    private static final AntPathMatcher MATCHER = new AntPathMatcher();

    record Endpoint(String method, String path) {}

    /** Every REST endpoint the routes declare under /api or /ops, path parameters filled in. */
    List<Endpoint> protectedEndpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (RestDefinition rest : ((ModelCamelContext) camel).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = (rest.getPath() == null ? "" : rest.getPath())
                        + (verb.getPath() == null ? "" : (verb.getPath().startsWith("/") ? "" : "/") + verb.getPath());
                path = path.replaceAll("\\{[^}]+}", "x");
                String walked = path;
                boolean open = security.publicApiPaths().stream()
                        .anyMatch(pattern -> !pattern.isBlank() && MATCHER.match(pattern, walked));
                if (!open && (path.startsWith("/api/") || path.startsWith("/ops/"))) {
                    endpoints.add(new Endpoint(verb.asVerb().toUpperCase(), path));
                }
            }
        }
        return endpoints;
    }

    @TestFactory
    Stream<DynamicTest> everyProtectedEndpointRefusesMissingForgedAndWrongRoleTokens() {
        List<Endpoint> endpoints = protectedEndpoints();
        assertThat(endpoints).as("the walk found the routes").hasSizeGreaterThanOrEqualTo(5);
        String forged = signedByAnotherKey();
        String serviceToken = tokens.service("tests");
        return endpoints.stream()
                .map(endpoint -> DynamicTest.dynamicTest(endpoint.method() + " " + endpoint.path(), () -> {
                    Response missing = call(endpoint, null);
                    Response forgedAnswer = call(endpoint, forged);

                    assertProblem(missing, 401, "unauthenticated");
                    assertProblem(forgedAnswer, 401, "unauthenticated");
                    if (endpoint.path().startsWith("/ops/")) {
                        assertProblem(call(endpoint, serviceToken), 403, "forbidden");
                    }
                }));
    }

    @Test
    void shouldProtectActuatorButHealth() {
        assertThat(gateway().get("/actuator/health").send().status()).isEqualTo(200);
        assertProblem(gateway().get("/actuator/prometheus").send(), 401, "unauthenticated");
        assertProblem(
                gateway()
                        .get("/actuator/prometheus")
                        .bearer(tokens.service("x"))
                        .send(),
                403,
                "forbidden");

        Response metrics =
                gateway().get("/actuator/prometheus").bearer(tokens.ops()).send();

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("resilience4j_circuitbreaker_state")
                .contains("http_server_requests")
                .contains("logback_events_total");
        assertThat(((LoggerContext) LoggerFactory.getILoggerFactory()).getTurboFilterList())
                .as("log events are counted by an appender, not a filter on every level check")
                .noneMatch(filter -> filter.getClass().getSimpleName().equals("MetricsTurboFilter"));
    }

    @Test
    void shouldRefuseTokensThatAreNoneAlgHmacExpiredOrForAnotherAudienceOrIssuer() throws Exception {
        ECKey key = keys.signingKey();
        Instant now = Instant.now();
        JWTClaimsSet valid = claims("https://gateway.fitplatform.dev", "fitplatform", now.plusSeconds(300));
        String none = new PlainJWT(valid).serialize();
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), valid);
        // The "HS256 keyed with the public key" confusion attack.
        hmac.sign(new MACSigner(padded(key.toPublicJWK().toJSONString().getBytes())));
        String expired = sign(key, claims("https://gateway.fitplatform.dev", "fitplatform", now.minusSeconds(120)));
        String otherAudience =
                sign(key, claims("https://gateway.fitplatform.dev", "someone-else", now.plusSeconds(300)));
        String otherIssuer = sign(key, claims("https://evil.example", "fitplatform", now.plusSeconds(300)));

        for (String token : List.of(none, hmac.serialize(), expired, otherAudience, otherIssuer)) {
            Response response =
                    gateway().post("/api/probes/echo", "{}").bearer(token).send();
            assertProblem(response, 401, "unauthenticated");
        }
        assertThat(gateway()
                        .post("/api/probes/echo", "{}")
                        .bearer(sign(key, valid))
                        .send()
                        .status())
                .isEqualTo(200);
    }

    @Test
    void shouldPublishKeysThatVerifyTheGatewaysTokensAcrossARotation() throws Exception {
        String before = tokens.service("tests");

        Response rotated =
                gateway().post("/ops/keys/rotate", null).bearer(tokens.ops()).send();
        String after = tokens.service("tests");
        JWKSet published =
                JWKSet.parse(gateway().get("/.well-known/jwks.json").send().body());

        assertThat(rotated.status()).isEqualTo(200);
        for (String token : List.of(before, after)) {
            SignedJWT jwt = SignedJWT.parse(token);
            ECKey publicKey = (ECKey) published.getKeyByKeyId(jwt.getHeader().getKeyID());
            assertThat(publicKey)
                    .as("published key " + jwt.getHeader().getKeyID())
                    .isNotNull();
            assertThat(publicKey.isPrivate()).isFalse();
            assertThat(jwt.verify(new ECDSAVerifier(publicKey))).isTrue();
            assertThat(gateway()
                            .post("/api/probes/echo", "{}")
                            .bearer(token)
                            .send()
                            .status())
                    .isEqualTo(200);
        }
        assertThat(SignedJWT.parse(before).getHeader().getKeyID())
                .isNotEqualTo(SignedJWT.parse(after).getHeader().getKeyID());
    }

    @Test
    void shouldMintServiceTokensForOpsOnly() throws Exception {
        String request = "{\"service\":\"billing\",\"scopes\":[\"payments:write\"],\"ttl\":\"PT5M\"}";

        Response minted = gateway()
                .post("/ops/service-tokens", request)
                .bearer(tokens.ops())
                .send();
        Response refused = gateway()
                .post("/ops/service-tokens", request)
                .bearer(tokens.service("x"))
                .send();
        Response invalid = gateway()
                .post("/ops/service-tokens", "{\"service\":\"Bad Name\"}")
                .bearer(tokens.ops())
                .send();

        assertThat(minted.status()).isEqualTo(200);
        String token = minted.json().path("access_token").asText();
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getSubject()).isEqualTo("service:billing");
        assertThat(gateway().post("/api/probes/echo", "{}").bearer(token).send().status())
                .isEqualTo(200);
        assertProblem(refused, 403, "forbidden");
        assertProblem(invalid, 400, "invalid-request");
    }

    @Test
    void shouldMintQuickstartTokensFromTheSandboxThatTheApiAccepts() {
        Response minted = gateway()
                .post("/sandbox/gateway-tokens", "{\"subject\":\"demo\",\"roles\":[\"service\"]}")
                .send();
        Response refused = gateway()
                .post("/sandbox/gateway-tokens", "{\"subject\":\"demo\",\"roles\":[\"root\"]}")
                .send();

        assertThat(minted.status()).isEqualTo(200);
        String token = minted.json().path("access_token").asText();
        assertThat(gateway().post("/api/probes/echo", "{}").bearer(token).send().status())
                .isEqualTo(200);
        assertThat(refused.status()).isEqualTo(400);
    }

    private Response call(Endpoint endpoint, String token) {
        var request =
                gateway().request(endpoint.method(), endpoint.path(), "{}").header("Content-Type", "application/json");
        if (token != null) {
            request.bearer(token);
        }
        return request.send();
    }

    private static JWTClaimsSet claims(String issuer, String audience, Instant expiry) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject("service:attacker")
                .issueTime(Date.from(Instant.now().minusSeconds(600)))
                .expirationTime(Date.from(expiry))
                .claim("roles", List.of("ops", "service"))
                .build();
    }

    private static String sign(ECKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private String signedByAnotherKey() {
        try {
            ECKey stranger = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
                    .keyID(keys.signingKey().getKeyID())
                    .generate();
            return sign(
                    stranger,
                    claims(
                            "https://gateway.fitplatform.dev",
                            "fitplatform",
                            Instant.now().plusSeconds(300)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] padded(byte[] secret) {
        return secret.length >= 32 ? secret : java.util.Arrays.copyOf(secret, 32);
    }
}
