package com.fitplatform.gateway.common.sandbox;

import com.fitplatform.gateway.common.security.GatewayTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * Quickstart convenience, sandbox only: a gateway JWT for a made-up caller, so a newcomer can call
 * {@code /api} and {@code /ops} on the embedded default without building the ops command first.
 * It exists only while the sandbox is on, which production refuses ({@link SandboxGuard}).
 */
@SandboxFake
public class SandboxTokens {

    private static final Set<String> ROLES = Set.of("service", "ops", "user");

    private final GatewayTokens tokens;

    public SandboxTokens(GatewayTokens tokens) {
        this.tokens = tokens;
    }

    /** What to sign: {@code {"subject":"demo","roles":["service","ops"],"scopes":["users:erase"]}}. */
    public record TokenRequest(String subject, List<String> roles, List<String> scopes) {}

    @PostMapping("/sandbox/gateway-tokens")
    public Map<String, Object> mint(@RequestBody TokenRequest request) {
        List<String> roles = request.roles() == null ? List.of("service") : request.roles();
        if (request.subject() == null || request.subject().isBlank() || !ROLES.containsAll(roles)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "subject is required; roles are " + ROLES);
        }
        List<String> scopes = request.scopes() == null ? List.of() : request.scopes();
        Duration ttl = Duration.ofHours(1);
        return Map.of(
                "access_token",
                tokens.issue(request.subject(), roles, scopes, ttl, Map.of()),
                "token_type",
                "Bearer",
                "expires_in",
                ttl.toSeconds());
    }
}
