package com.fitplatform.gateway.ops;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Operations settings ({@code config/ops.yaml}).
 *
 * @param routesDirectory directory of the Camel YAML route files ops edit live
 * @param configDirectory directory of the gateway's YAML configuration files
 * @param watch poll both directories and apply changes; off: only {@code POST /ops/routes/reload}
 * @param pollInterval how often the directories are read; a change applies once two reads agree
 * @param diffMaxChars longest unified diff kept in the change audit
 * @param deadLetterBodyPreview characters of a dead letter's masked body shown to ops (0: none)
 * @param messageFailureRetention message_failure rows older than this are purged daily
 * @param brokerManagementTimeout longest wait for the broker's answer to a management request
 */
@ConfigurationProperties("gateway.ops")
public record OpsProperties(
        @DefaultValue("routes") String routesDirectory,
        @DefaultValue("config") String configDirectory,
        @DefaultValue("true") boolean watch,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("20000") int diffMaxChars,
        @DefaultValue("120") int deadLetterBodyPreview,
        @DefaultValue("90d") Duration messageFailureRetention,
        @DefaultValue("5s") Duration brokerManagementTimeout) {}
