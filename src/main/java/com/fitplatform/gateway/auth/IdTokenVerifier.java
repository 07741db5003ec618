package com.fitplatform.gateway.auth;

import com.fitplatform.gateway.common.audit.AuditEntry;
import com.fitplatform.gateway.common.audit.IntegrationAudit;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Checks a provider's ID token: RS256 only (so {@code alg: none} and HS256 keyed with the public
 * key find no key), signature against the provider's JWKS (cached, refreshed on an unknown
 * {@code kid}, served from cache while the provider is down), then {@code iss}, {@code aud},
 * {@code exp}/{@code iat} with a small skew and {@code nonce}. Refusals are audited by reason
 * only, never with the token's content.
 */
@Component
public class IdTokenVerifier {

    private static final int MAX_TOKEN_LENGTH = 16_384;

    private final AuthProperties properties;
    private final SignInProviders providers;
    private final SignInHttp http;
    private final IntegrationAudit audit;
    private final Map<String, JWKSource<SecurityContext>> keySources = new ConcurrentHashMap<>();

    public IdTokenVerifier(
            AuthProperties properties, SignInProviders providers, SignInHttp http, IntegrationAudit audit) {
        this.properties = properties;
        this.providers = providers;
        this.http = http;
        this.audit = audit;
    }

    /**
     * The verified claims.
     *
     * @param expectedNonce the nonce the token must carry (Apple's native flow may carry its SHA-256)
     */
    public JWTClaimsSet verify(String providerName, String idToken, String expectedNonce) {
        return verify(providerName, idToken, expectedNonce, true);
    }

    /**
     * The verified claims.
     *
     * @param nonceRequired false only for a token taken straight from the provider's token
     *     endpoint for a PKCE-bound code, where a provider may leave the nonce out; one that is
     *     there must still match
     */
    public JWTClaimsSet verify(String providerName, String idToken, String expectedNonce, boolean nonceRequired) {
        AuthProperties.Provider provider = properties.providers().get(providerName);
        if (provider == null || !provider.idTokens()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No ID-token sign-in for " + providerName);
        }
        provider = providers.get(providerName);
        if (idToken == null || idToken.isBlank() || idToken.length() > MAX_TOKEN_LENGTH) {
            throw refuse(provider, "missing-or-oversized", "The ID token is missing or too large");
        }
        SignedJWT signed;
        try {
            JWT parsed = JWTParser.parse(idToken);
            if (!(parsed instanceof SignedJWT jws)) {
                throw refuse(provider, "unsigned", "The ID token is not signed");
            }
            signed = jws;
        } catch (ParseException e) {
            throw refuse(provider, "malformed", "The ID token is malformed");
        }
        if (!JWSAlgorithm.RS256.equals(signed.getHeader().getAlgorithm())) {
            throw refuse(provider, "algorithm", "The ID token's algorithm is not accepted");
        }
        JWTClaimsSet claims;
        try {
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(
                    new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keySource(providerName, provider)));
            processor.setJWTClaimsSetVerifier((set, context) -> {});
            claims = processor.process(signed, null);
        } catch (KeySourceException e) {
            throw new ProblemException(
                    ProblemType.SERVICE_UNAVAILABLE, "The keys of " + providerName + " cannot be fetched");
        } catch (BadJOSEException | com.nimbusds.jose.JOSEException e) {
            throw refuse(provider, "signature", "The ID token's signature is not valid");
        }
        checkClaims(provider, claims, expectedNonce, nonceRequired);
        return claims;
    }

    private void checkClaims(
            AuthProperties.Provider provider, JWTClaimsSet claims, String expectedNonce, boolean nonceRequired) {
        if (claims.getIssuer() == null || !provider.issuers().contains(claims.getIssuer())) {
            throw refuse(provider, "issuer", "The ID token comes from another issuer");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(provider.clientId())) {
            throw refuse(provider, "audience", "The ID token is meant for another client");
        }
        Instant now = Instant.now();
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null || exp.toInstant().plus(properties.clockSkew()).isBefore(now)) {
            throw refuse(provider, "expired", "The ID token has expired");
        }
        if (iat == null || iat.toInstant().minus(properties.clockSkew()).isAfter(now)) {
            throw refuse(provider, "issued-in-future", "The ID token is not valid yet");
        }
        if (claims.getSubject() == null
                || claims.getSubject().isBlank()
                || claims.getSubject().length() > 255) {
            throw refuse(provider, "subject", "The ID token has no subject");
        }
        Object nonce = claims.getClaim("nonce");
        if (!nonceRequired && nonce == null) {
            return;
        }
        if (expectedNonce == null
                || expectedNonce.isBlank()
                || !(nonce instanceof String actual)
                || !nonceMatches(actual, expectedNonce)) {
            throw refuse(provider, "nonce", "The ID token's nonce does not match");
        }
    }

    /** Equal, or (Sign in with Apple on iOS) the hex SHA-256 of the raw nonce the app holds. */
    private static boolean nonceMatches(String actual, String expected) {
        byte[] a = actual.getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(a, expected.getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        return MessageDigest.isEqual(
                a, HexFormat.of().formatHex(Secrets.sha256(expected)).getBytes(StandardCharsets.UTF_8));
    }

    private ProblemException refuse(AuthProperties.Provider provider, String reason, String detail) {
        audit.record(provider.service(), "id-token refused", AuditEntry.Direction.INBOUND, 0, "refused", reason, null);
        return new ProblemException(ProblemType.UNAUTHENTICATED, detail);
    }

    private JWKSource<SecurityContext> keySource(String name, AuthProperties.Provider provider) {
        return keySources.computeIfAbsent(name, n -> {
            ResourceRetriever retriever = url -> {
                try {
                    return new Resource(http.getRaw(provider.service(), "jwks", url.toString()), "application/json");
                } catch (IOException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(
                            "JWKS of " + n + " unavailable: " + e.getClass().getSimpleName(), e);
                }
            };
            try {
                long ttl = provider.jwksCacheTtl().toMillis();
                return JWKSourceBuilder.<SecurityContext>create(
                                URI.create(provider.jwksUri()).toURL(), retriever)
                        .cache(ttl, 15_000)
                        .rateLimited(5_000)
                        .retrying(false)
                        .refreshAheadCache(false)
                        .outageTolerantForever()
                        .build();
            } catch (MalformedURLException e) {
                throw new IllegalStateException("Bad JWKS URI for " + n, e);
            }
        });
    }
}
