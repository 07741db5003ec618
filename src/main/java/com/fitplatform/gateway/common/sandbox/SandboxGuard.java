package com.fitplatform.gateway.common.sandbox;

import java.util.Arrays;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Refuses to start a production gateway that would serve fake providers. */
@Component
public class SandboxGuard implements InitializingBean {

    private final Environment environment;
    private final SandboxProperties sandbox;

    public SandboxGuard(Environment environment, SandboxProperties sandbox) {
        this.environment = environment;
        this.sandbox = sandbox;
    }

    @Override
    public void afterPropertiesSet() {
        boolean production = Arrays.asList(environment.getActiveProfiles()).contains("prod");
        if (production && sandbox.enabled()) {
            throw new IllegalStateException(
                    "gateway.sandbox.enabled=true in the prod profile: production never serves fake providers");
        }
    }
}
