package com.fitplatform.gateway.common.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call what. Everything under {@code /api} needs a gateway JWT and everything under
 * {@code /ops} and {@code /actuator} the ops role, except what is listed here.
 *
 * @param publicApiPaths {@code /api} paths open without a token (sign-in itself, for one)
 */
@ConfigurationProperties("gateway.security")
public record SecurityProperties(@DefaultValue("") List<String> publicApiPaths) {}
