package com.fitplatform.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The configured sign-in providers by name. A provider configured by its OIDC discovery document
 * takes its authorize, token and JWKS URIs (and, unless issuers are configured, its issuer) from
 * it on first use. A fetched document is kept for the gateway's lifetime: issuers move their
 * endpoints far less often than gateways restart, and key rotation goes through the JWKS, not
 * the document.
 */
@Component
public class SignInProviders {

    private final AuthProperties properties;
    private final SignInHttp http;
    private final Map<String, AuthProperties.Provider> discovered = new ConcurrentHashMap<>();

    public SignInProviders(AuthProperties properties, SignInHttp http) {
        this.properties = properties;
        this.http = http;
    }

    /** The provider, its discovered endpoints filled in; 404 problem for an unknown name. */
    public AuthProperties.Provider get(String name) {
        AuthProperties.Provider provider =
                name == null ? null : properties.providers().get(name);
        if (provider == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "Unknown sign-in provider");
        }
        if (provider.discoveryUri().isBlank()) {
            return provider;
        }
        AuthProperties.Provider known = discovered.get(name);
        if (known != null) {
            return known;
        }
        JsonNode document = http.getJson(provider.service(), "discovery", provider.discoveryUri(), null);
        String issuer = text(document, "issuer");
        String jwks = text(document, "jwks_uri");
        if (issuer == null || jwks == null) {
            throw new ProblemException(
                    ProblemType.BAD_GATEWAY, "The discovery document of " + name + " lacks issuer or jwks_uri");
        }
        AuthProperties.Provider resolved = provider.discovered(
                issuer, text(document, "authorization_endpoint"), text(document, "token_endpoint"), jwks);
        AuthProperties.Provider raced = discovered.putIfAbsent(name, resolved);
        return raced == null ? resolved : raced;
    }

    private static String text(JsonNode document, String field) {
        JsonNode value = document.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
