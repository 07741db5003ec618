package com.fitplatform.gateway.health;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds the health settings. */
@Configuration
@EnableConfigurationProperties(HealthProperties.class)
public class HealthConfiguration {}
