package com.fitplatform.gateway.common.idempotency;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Idempotency of POST requests.
 *
 * @param replayWindow how long a stored answer is replayed for the same key
 * @param inProgressTimeout after this, a request still marked running is taken as crashed and may be retried
 * @param paths POST paths that honour the {@code Idempotency-Key} header
 * @param requiredPaths POST paths that refuse a request without the header (400)
 * @param excludedPaths POST paths never stored, whatever the header says: their answers are secrets
 *     (sign-in answers carry tokens) or not replayable
 */
@ConfigurationProperties("gateway.idempotency")
public record IdempotencyProperties(
        @DefaultValue("24h") Duration replayWindow,
        @DefaultValue("5m") Duration inProgressTimeout,
        @DefaultValue({"/api/**", "/ops/**"}) List<String> paths,
        @DefaultValue("") List<String> requiredPaths,
        @DefaultValue("/api/auth/**") List<String> excludedPaths) {}
