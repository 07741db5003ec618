package com.fitplatform.gateway.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.common.security.GatewayTokens;
import com.fitplatform.gateway.common.security.JwtKeyRing;
import com.fitplatform.gateway.common.security.JwtProperties;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Ops actions on the gateway's own tokens: mint a service token for an internal caller
 * ({@code POST /ops/service-tokens}) and rotate the signing key ({@code POST /ops/keys/rotate}).
 */
@Component("serviceTokens")
public class ServiceTokens {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern SCOPE = Pattern.compile("[a-z0-9][a-z0-9:._-]{0,63}");
    private static final List<String> GRANTABLE_ROLES = List.of("service", "ops");

    private final GatewayTokens tokens;
    private final JwtKeyRing keys;
    private final JwtProperties properties;
    private final ObjectMapper json;

    public ServiceTokens(GatewayTokens tokens, JwtKeyRing keys, JwtProperties properties, ObjectMapper json) {
        this.tokens = tokens;
        this.keys = keys;
        this.properties = properties;
        this.json = json;
    }

    /** {@code {"service":"billing","scopes":["payments:write"],"roles":["service"],"ttl":"PT1H"}}. */
    public Map<String, Object> mint(String body) throws IOException {
        JsonNode request = json.readTree(body == null || body.isBlank() ? "{}" : body);
        String service = request.path("service").asText("");
        if (!NAME.matcher(service).matches()) {
            throw new ProblemException(
                    ProblemType.INVALID_REQUEST, "service is a lowercase name of up to 64 characters");
        }
        List<String> scopes = strings(request.path("scopes"), SCOPE, "scopes");
        List<String> roles = request.has("roles") ? strings(request.path("roles"), NAME, "roles") : List.of("service");
        for (String role : roles) {
            if (!GRANTABLE_ROLES.contains(role)) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, "roles may be " + GRANTABLE_ROLES);
            }
        }
        Duration ttl = ttl(request.path("ttl").asText("PT1H"));
        String token = tokens.issue("service:" + service, roles, scopes, ttl, Map.of("client_id", service));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", ttl.toSeconds());
        answer.put("scope", String.join(" ", scopes));
        return answer;
    }

    /** Puts a new signing key first; older keys stay published until tokens signed with them expire. */
    public Map<String, Object> rotateSigningKey() throws IOException {
        try {
            String kid = keys.rotate();
            return Map.of(
                    "signingKeyId", kid, "publishedKeys", keys.publicJwks().get("keys"));
        } catch (IllegalStateException e) {
            throw new ProblemException(ProblemType.CONFLICT, e.getMessage());
        }
    }

    private Duration ttl(String text) {
        try {
            Duration ttl = Duration.parse(text);
            if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(properties.serviceTokenMaxTtl()) > 0) {
                throw new ProblemException(
                        ProblemType.INVALID_REQUEST,
                        "ttl must be positive and at most " + properties.serviceTokenMaxTtl());
            }
            return ttl;
        } catch (DateTimeParseException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "ttl is an ISO-8601 duration such as PT1H");
        }
    }

    private static List<String> strings(JsonNode node, Pattern allowed, String field) {
        List<String> values = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, field + " is an array of names");
        }
        for (JsonNode each : node) {
            if (!each.isTextual() || !allowed.matcher(each.asText()).matches()) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, field + " holds invalid name " + each);
            }
            values.add(each.asText());
        }
        return values;
    }
}
