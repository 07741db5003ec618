package com.fitplatform.gateway.support;

import com.fitplatform.gateway.common.security.GatewayTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Gateway JWTs for tests, signed by the running gateway's own key ring. */
@Component
public class Tokens {

    private final GatewayTokens tokens;

    public Tokens(GatewayTokens tokens) {
        this.tokens = tokens;
    }

    public String service(String name, String... scopes) {
        return tokens.issue("service:" + name, List.of("service"), List.of(scopes), Duration.ofMinutes(10), Map.of());
    }

    public String ops() {
        return tokens.issue("ops-test", List.of("ops"), List.of(), Duration.ofMinutes(10), Map.of());
    }
}
