package com.fitplatform.gateway.common.errors;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the gateway accepts at its HTTP door.
 *
 * @param maxBodySize largest request body accepted; larger ones get 413
 * @param jsonPaths path patterns whose POST, PUT and PATCH bodies must be JSON (else 415)
 * @param formPaths exceptions to {@code jsonPaths} that take form posts (Apple's callback, for one)
 */
@ConfigurationProperties("gateway.http")
public record HttpLimitsProperties(
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue({"/api/**", "/ops/**"}) List<String> jsonPaths,
        @DefaultValue("/api/auth/oauth/*/callback") List<String> formPaths) {}
