package com.fitplatform.gateway.auth.apple;

import com.fitplatform.gateway.auth.AuthProperties;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.springframework.stereotype.Component;

/**
 * Sign in with Apple's {@code client_secret}: an ES256 JWT signed with the team's key
 * ({@code kid} = key id; {@code iss} = team id, {@code sub} = the Services ID, {@code aud} =
 * https://appleid.apple.com, valid at most 6 months; we use 5 minutes). Without a configured key
 * (the sandbox) a throwaway P-256 key is generated at start; the fake checks against it.
 */
@Component
public class AppleClientSecret {

    public static final String AUDIENCE = "https://appleid.apple.com";

    private final AuthProperties.Provider apple;
    private final ECPrivateKey privateKey;
    private final ECPublicKey throwawayPublicKey;

    public AppleClientSecret(AuthProperties properties) throws Exception {
        this.apple = properties.providers().get("apple");
        String configured = apple == null ? "" : apple.privateKey();
        if (configured.isBlank()) {
            ECKey key = new ECKeyGenerator(Curve.P_256).generate();
            this.privateKey = key.toECPrivateKey();
            this.throwawayPublicKey = key.toECPublicKey();
        } else {
            String base64 = configured.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            this.privateKey = (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            this.throwawayPublicKey = null;
        }
    }

    public String sign() {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(apple.teamId())
                .subject(apple.clientId())
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(apple.keyId()).build(), claims);
        try {
            jwt.sign(new ECDSASigner(privateKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign Apple's client secret", e);
        }
        return jwt.serialize();
    }

    /** The public half of the throwaway sandbox key (null when a real key is configured). */
    public ECPublicKey sandboxPublicKey() {
        return throwawayPublicKey;
    }
}
