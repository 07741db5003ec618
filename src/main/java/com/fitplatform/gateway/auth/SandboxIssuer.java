package com.fitplatform.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signing half of a fake OIDC provider, shared by the sandbox fakes: an RS256 key published
 * as a JWKS, ID tokens, one-time authorization codes bound to client, redirect URI and PKCE
 * challenge, and access tokens that resolve to a profile. Sandbox only.
 */
public final class SandboxIssuer {

    /** What an authorization code stands for. */
    public record Grant(
            String clientId, String redirectUri, String codeChallenge, String nonce, Map<String, Object> profile) {}

    private final RSAKey key;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> accessTokens = new ConcurrentHashMap<>();

    public SandboxIssuer() {
        try {
            key = new RSAKeyGenerator(2048)
                    .keyID("sandbox-" + Secrets.random(6))
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public RSAKey key() {
        return key;
    }

    public Map<String, Object> jwks() {
        return new JWKSet(key.toPublicJWK()).toJSONObject(true);
    }

    /** An RS256 ID token; {@code claims} may add to or override the standard ones. */
    public String idToken(String issuer, String audience, String subject, String nonce, Map<String, Object> claims) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
        if (nonce != null) {
            builder.claim("nonce", nonce);
        }
        claims.forEach(builder::claim);
        return sign(builder.build());
    }

    public String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    public String code(Grant grant) {
        String code = Secrets.random(24);
        codes.put(code, grant);
        return code;
    }

    /**
     * Redeems a code once, checking it was issued to this client and redirect URI and, when a
     * challenge was sent, that the verifier matches it (S256). Null when any check fails.
     */
    public Grant redeem(String code, String clientId, String redirectUri, String codeVerifier) {
        Grant grant = code == null ? null : codes.remove(code);
        if (grant == null || !Objects.equals(grant.clientId(), clientId)) {
            return null;
        }
        if (redirectUri != null && !Objects.equals(grant.redirectUri(), redirectUri)) {
            return null;
        }
        if (grant.codeChallenge() != null
                && (codeVerifier == null || !grant.codeChallenge().equals(Secrets.s256(codeVerifier)))) {
            return null;
        }
        return grant;
    }

    public String accessToken(Map<String, Object> profile) {
        String token = Secrets.random(32);
        accessTokens.put(token, profile);
        return token;
    }

    public Map<String, Object> profile(String accessToken) {
        return accessToken == null ? null : accessTokens.get(accessToken);
    }
}
