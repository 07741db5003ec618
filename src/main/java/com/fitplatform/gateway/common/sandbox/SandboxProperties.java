package com.fitplatform.gateway.common.sandbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The provider sandbox.
 *
 * @param enabled serve the fakes under {@code /sandbox/**}; production refuses to start with it on
 * @param baseUrl where the gateway reaches its own fakes; provider base URLs default to it in the
 *     embedded profile
 */
@ConfigurationProperties("gateway.sandbox")
public record SandboxProperties(
        @DefaultValue("false") boolean enabled, @DefaultValue("http://127.0.0.1:8080/sandbox") String baseUrl) {}
