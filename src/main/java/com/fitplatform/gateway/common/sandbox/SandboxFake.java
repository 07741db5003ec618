package com.fitplatform.gateway.common.sandbox;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.RestController;

/**
 * Marks a fake provider: a controller that exists only while the sandbox is on. A fake lives in
 * its provider's package beside the client it fakes, speaks the provider's wire format and checks
 * what the provider checks (credentials, idempotency keys, request shapes).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@RestController
@ConditionalOnProperty(name = "gateway.sandbox.enabled", havingValue = "true")
public @interface SandboxFake {}
