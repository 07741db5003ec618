package com.fitplatform.gateway.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in settings ({@code gateway.auth}).
 *
 * @param accessTokenTtl lifetime of the gateway's user JWT
 * @param refreshTokenTtl lifetime of a refresh token (each rotation starts a new one)
 * @param stateTtl how long a web-flow state may be redeemed
 * @param clockSkew tolerance on provider ID tokens' exp/iat
 * @param rateLimitAttempts login attempts allowed per window, per account and per client IP
 * @param rateLimitWindow the rate-limit window
 * @param trustedProxies addresses whose X-Forwarded-For is believed (empty: never)
 * @param redirectUris web-flow redirect URIs callers may ask for (exact match)
 * @param providers sign-in providers by name (google, apple, yandex, vk)
 */
@ConfigurationProperties("gateway.auth")
public record AuthProperties(
        @DefaultValue("15m") Duration accessTokenTtl,
        @DefaultValue("30d") Duration refreshTokenTtl,
        @DefaultValue("10m") Duration stateTtl,
        @DefaultValue("60s") Duration clockSkew,
        @DefaultValue("5") int rateLimitAttempts,
        @DefaultValue("1m") Duration rateLimitWindow,
        @DefaultValue("") List<String> trustedProxies,
        @DefaultValue("") List<String> redirectUris,
        Map<String, Provider> providers) {

    public AuthProperties {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
        trustedProxies = trustedProxies.stream().filter(s -> !s.isBlank()).toList();
        redirectUris = redirectUris.stream().filter(s -> !s.isBlank()).toList();
    }

    /**
     * One provider.
     *
     * @param kind {@code oidc} (Google, Apple), {@code yandex}, {@code vk-id} or {@code vk-classic}
     * @param service resilience service name (breaker, timeout)
     * @param clientId our client id at the provider; the expected {@code aud}
     * @param clientSecret our client secret (Apple: unused, the secret is an ES256 JWT)
     * @param issuers accepted {@code iss} values of ID tokens
     * @param jwksUri the provider's JWKS
     * @param authorizeUri where the browser is sent
     * @param tokenUri code exchange endpoint
     * @param userInfoUri user info endpoint (Yandex, VK)
     * @param scope requested scopes
     * @param pkce send an S256 code challenge
     * @param formPost ask for response_mode=form_post (Apple)
     * @param emailsVerified the provider only hands out confirmed addresses (Yandex)
     * @param teamId Apple team id (client_secret issuer)
     * @param keyId Apple key id (client_secret kid)
     * @param privateKey Apple PKCS#8 EC private key, PEM or base64; empty: a throwaway key (sandbox)
     * @param jwksCacheTtl how long fetched keys are used before a refresh
     * @param discoveryUri OIDC discovery document; when set, its authorize, token and JWKS URIs
     *     replace the configured ones, and its issuer is accepted unless issuers are configured
     * @param apiUri VK API method base ({@code https://api.vk.com/method}) for {@code users.get}
     * @param apiVersion VK API version sent as {@code v}
     * @param identity provider name identities are stored under (empty: this provider's name), so
     *     classic VK and VK ID sign-ins of one VK account find the same user
     */
    public record Provider(
            @DefaultValue("oidc") String kind,
            String service,
            String clientId,
            @DefaultValue("") String clientSecret,
            @DefaultValue("") List<String> issuers,
            @DefaultValue("") String jwksUri,
            @DefaultValue("") String authorizeUri,
            @DefaultValue("") String tokenUri,
            @DefaultValue("") String userInfoUri,
            @DefaultValue("openid email profile") String scope,
            @DefaultValue("true") boolean pkce,
            @DefaultValue("false") boolean formPost,
            @DefaultValue("false") boolean emailsVerified,
            @DefaultValue("") String teamId,
            @DefaultValue("") String keyId,
            @DefaultValue("") String privateKey,
            @DefaultValue("15m") Duration jwksCacheTtl,
            @DefaultValue("") String discoveryUri,
            @DefaultValue("") String apiUri,
            @DefaultValue("5.199") String apiVersion,
            @DefaultValue("") String identity) {

        public Provider {
            issuers = issuers.stream().filter(s -> !s.isBlank()).toList();
        }

        public boolean idTokens() {
            return !jwksUri.isBlank() || !discoveryUri.isBlank();
        }

        /** The provider name stored with this provider's identities. */
        public String identityName(String name) {
            return identity.isBlank() ? name : identity;
        }

        /** This provider with the endpoints its discovery document names. */
        public Provider discovered(
                String discoveredIssuer, String discoveredAuthorize, String discoveredToken, String discoveredJwks) {
            return new Provider(
                    kind,
                    service,
                    clientId,
                    clientSecret,
                    issuers.isEmpty() && discoveredIssuer != null ? List.of(discoveredIssuer) : issuers,
                    orElse(jwksUri, discoveredJwks),
                    orElse(authorizeUri, discoveredAuthorize),
                    orElse(tokenUri, discoveredToken),
                    userInfoUri,
                    scope,
                    pkce,
                    formPost,
                    emailsVerified,
                    teamId,
                    keyId,
                    privateKey,
                    jwksCacheTtl,
                    discoveryUri,
                    apiUri,
                    apiVersion,
                    identity);
        }

        private static String orElse(String configured, String discovered) {
            return discovered != null ? discovered : configured;
        }
    }
}
