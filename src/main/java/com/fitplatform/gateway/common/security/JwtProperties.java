package com.fitplatform.gateway.common.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's own JWTs.
 *
 * @param issuer {@code iss} of every token the gateway signs, and the only one it accepts
 * @param audience {@code aud} of every token the gateway signs, and the only one it accepts
 * @param keys JWK set (JSON, private EC P-256 keys) from the environment; first key signs, all verify
 * @param keyFile where keys live when {@code keys} is empty; made on first start if {@code generateKeyFile}
 * @param generateKeyFile whether a missing key file may be created (embedded default only)
 * @param retainedPreviousKeys older keys kept published after a rotation, so live tokens still verify
 * @param clockSkew tolerance on {@code exp}, {@code nbf} and {@code iat}
 * @param serviceTokenMaxTtl longest lifetime an ops-minted service token may have
 * @param verifiedTokenCacheSize tokens remembered as verified (0: verify every request in full)
 * @param verifiedTokenRetention how long a verified token is remembered at most (also bounded by its
 *     {@code exp} and by key rotation)
 */
@ConfigurationProperties("gateway.security.jwt")
public record JwtProperties(
        @DefaultValue("https://gateway.fitplatform.dev") String issuer,
        @DefaultValue("fitplatform") String audience,
        @DefaultValue("") String keys,
        @DefaultValue("./data/keys/jwt-signing-keys.json") String keyFile,
        @DefaultValue("false") boolean generateKeyFile,
        @DefaultValue("2") int retainedPreviousKeys,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue("30d") Duration serviceTokenMaxTtl,
        @DefaultValue("10000") int verifiedTokenCacheSize,
        @DefaultValue("5m") Duration verifiedTokenRetention) {}
