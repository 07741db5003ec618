package com.fitplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fitplatform.gateway.auth.apple.AppleClientSecret;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small pieces sign-in relies on: PKCE, client addresses, Apple's secret, provider flags. */
class SignInPrimitivesTest {

    private static AuthProperties properties(List<String> trustedProxies) {
        AuthProperties.Provider apple = new AuthProperties.Provider(
                "oidc",
                "apple",
                "dev.example.web",
                "",
                List.of("https://appleid.apple.com"),
                "",
                "",
                "",
                "",
                "name email",
                false,
                true,
                false,
                "TEAM123456",
                "KEY1234567",
                "",
                Duration.ofMinutes(15),
                "",
                "",
                "5.199",
                "");
        return new AuthProperties(
                Duration.ofMinutes(15),
                Duration.ofDays(30),
                Duration.ofMinutes(10),
                Duration.ofSeconds(60),
                5,
                Duration.ofMinutes(1),
                trustedProxies,
                List.of(),
                Map.of("apple", apple));
    }

    @Test
    void shouldDerivePkceChallengeAsInRfc7636AppendixB() {
        assertThat(Secrets.s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void shouldTrustForwardedForOnlyFromConfiguredProxies() {
        ClientAddress none = new ClientAddress(properties(List.of()));
        ClientAddress proxied = new ClientAddress(properties(List.of("10.0.0.1", "10.0.0.2")));

        assertThat(none.resolve("203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
        assertThat(proxied.resolve("10.0.0.1", "198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(proxied.resolve("10.0.0.1", "6.6.6.6, 198.51.100.1, 10.0.0.2"))
                .isEqualTo("198.51.100.1");
        assertThat(proxied.resolve("203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
        assertThat(proxied.resolve("10.0.0.1", null)).isEqualTo("10.0.0.1");
    }

    @Test
    void shouldSignApplesClientSecretWithEs256AndTheTeamsClaims() throws Exception {
        AppleClientSecret secrets = new AppleClientSecret(properties(List.of()));

        SignedJWT secret = SignedJWT.parse(secrets.sign());

        JWTClaimsSet claims = secret.getJWTClaimsSet();
        assertThat(secret.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(secret.getHeader().getKeyID()).isEqualTo("KEY1234567");
        assertThat(secret.verify(new ECDSAVerifier(secrets.sandboxPublicKey()))).isTrue();
        assertThat(claims.getIssuer()).isEqualTo("TEAM123456");
        assertThat(claims.getSubject()).isEqualTo("dev.example.web");
        assertThat(claims.getAudience()).containsExactly("https://appleid.apple.com");
        assertThat(claims.getExpirationTime().toInstant())
                .isBefore(Instant.now().plus(Duration.ofDays(180)));
    }

    @Test
    void shouldReadApplesStringBooleansAndRecogniseRelayAddresses() {
        assertThat(ProviderIdentity.flag("true")).isTrue();
        assertThat(ProviderIdentity.flag("false")).isFalse();
        assertThat(ProviderIdentity.flag(Boolean.TRUE)).isTrue();
        assertThat(ProviderIdentity.flag(null)).isFalse();
        assertThat(new ProviderIdentity("apple", "s", "abc@privaterelay.appleid.com", true, false, null, null)
                        .privateEmail())
                .isTrue();
    }
}
