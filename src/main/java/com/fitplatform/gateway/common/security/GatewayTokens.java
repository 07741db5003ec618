package com.fitplatform.gateway.common.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Signs the gateway's own JWTs: users' access tokens and internal services' tokens alike. */
public class GatewayTokens {

    private final JwtKeyRing keys;
    private final JwtProperties properties;

    public GatewayTokens(JwtKeyRing keys, JwtProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    /**
     * A signed token for {@code subject}.
     *
     * @param roles become {@code ROLE_} authorities ({@code ops}, {@code service}, {@code user})
     * @param scopes become {@code SCOPE_} authorities
     * @param extraClaims further claims; may not override the registered ones
     */
    public String issue(
            String subject, List<String> roles, List<String> scopes, Duration ttl, Map<String, Object> extraClaims) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
        extraClaims.forEach(claims::claim);
        claims.issuer(properties.issuer())
                .audience(properties.audience())
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .claim("roles", List.copyOf(roles))
                .claim("scope", String.join(" ", scopes));
        try {
            var key = keys.signingKey();
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID(key.getKeyID())
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims.build());
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }
}
