package com.fitplatform.gateway.common.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The integration audit.
 *
 * @param retention audit rows older than this are purged by the retention job
 * @param bufferSize entries waiting to be written; when full, new entries are logged and counted as dropped
 * @param batchSize rows written per database round trip
 * @param flushInterval longest wait before buffered entries are written
 */
@ConfigurationProperties("gateway.audit")
public record AuditProperties(
        @DefaultValue("90d") Duration retention,
        @DefaultValue("10000") int bufferSize,
        @DefaultValue("500") int batchSize,
        @DefaultValue("200ms") Duration flushInterval) {}
