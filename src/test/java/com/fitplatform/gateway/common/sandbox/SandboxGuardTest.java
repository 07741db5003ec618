package com.fitplatform.gateway.common.sandbox;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class SandboxGuardTest {

    @Test
    void shouldRefuseToStartProductionWithTheSandboxOn() {
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("prod");

        assertThatThrownBy(() ->
                        new SandboxGuard(production, new SandboxProperties(true, "http://x")).afterPropertiesSet())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("prod");
        assertThatCode(() ->
                        new SandboxGuard(production, new SandboxProperties(false, "http://x")).afterPropertiesSet())
                .doesNotThrowAnyException();
        assertThatCode(() -> new SandboxGuard(new MockEnvironment(), new SandboxProperties(true, "http://x"))
                        .afterPropertiesSet())
                .doesNotThrowAnyException();
    }
}
