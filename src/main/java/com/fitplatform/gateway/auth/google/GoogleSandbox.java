package com.fitplatform.gateway.auth.google;

import com.fitplatform.gateway.auth.AuthProperties;
import com.fitplatform.gateway.auth.SandboxIssuer;
import com.fitplatform.gateway.common.sandbox.SandboxFake;
import com.fitplatform.gateway.common.sandbox.SandboxFaults;
import com.fitplatform.gateway.common.sandbox.SandboxProperties;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Fake Google OIDC issuer: discovery document, JWKS, an authorize endpoint that signs in
 * {@code login_hint} at once (no browser login) and redirects back with code and state, and a
 * token endpoint that checks client, secret, redirect URI and PKCE before issuing an ID token
 * with Google's {@code iss}, {@code aud} = client id and the nonce. {@code POST _mint} hands out
 * an ID token directly, as an Android/iOS app would obtain one (sandbox only).
 */
@SandboxFake
public class GoogleSandbox {

    public static final String ISSUER = "https://accounts.google.com";
    private static final String FAKE = "google";

    private final SandboxIssuer issuer = new SandboxIssuer();
    private final SandboxFaults faults;
    private final AuthProperties.Provider google;
    private final String base;

    public GoogleSandbox(SandboxFaults faults, AuthProperties properties, SandboxProperties sandbox) {
        this.faults = faults;
        this.google = properties.providers().get("google");
        this.base = sandbox.baseUrl() + "/google";
    }

    public SandboxIssuer issuer() {
        return issuer;
    }

    @GetMapping("/sandbox/google/.well-known/openid-configuration")
    public Map<String, Object> discovery() {
        faults.apply(FAKE);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", ISSUER);
        doc.put("authorization_endpoint", base + "/o/oauth2/v2/auth");
        doc.put("token_endpoint", base + "/token");
        doc.put("jwks_uri", base + "/oauth2/v3/certs");
        doc.put("response_types_supported", List.of("code", "id_token", "code id_token"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("scopes_supported", List.of("openid", "email", "profile"));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic"));
        doc.put("code_challenge_methods_supported", List.of("plain", "S256"));
        doc.put(
                "claims_supported",
                List.of(
                        "aud",
                        "email",
                        "email_verified",
                        "exp",
                        "family_name",
                        "given_name",
                        "iat",
                        "iss",
                        "name",
                        "picture",
                        "sub"));
        return doc;
    }

    @GetMapping("/sandbox/google/oauth2/v3/certs")
    public Map<String, Object> certs() {
        faults.apply(FAKE);
        return issuer.jwks();
    }

    @GetMapping("/sandbox/google/o/oauth2/v2/auth")
    public ResponseEntity<Object> authorize(@RequestParam Map<String, String> query) {
        faults.apply(FAKE);
        if (!"code".equals(query.get("response_type"))
                || !google.clientId().equals(query.get("client_id"))
                || query.get("redirect_uri") == null) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid_request"));
        }
        String challenge = query.get("code_challenge");
        if (challenge != null && !"S256".equals(query.get("code_challenge_method"))) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid_request"));
        }
        String code = issuer.code(new SandboxIssuer.Grant(
                query.get("client_id"),
                query.get("redirect_uri"),
                challenge,
                query.get("nonce"),
                profile(query.getOrDefault("login_hint", "sandbox-user"), null, true)));
        URI back = UriComponentsBuilder.fromUriString(query.get("redirect_uri"))
                .queryParam("state", query.get("state"))
                .queryParam("code", code)
                .queryParam("scope", query.get("scope"))
                .encode()
                .build()
                .toUri();
        return ResponseEntity.status(HttpStatus.FOUND).location(back).build();
    }

    @PostMapping(value = "/sandbox/google/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<Map<String, Object>> token(@RequestParam Map<String, String> form) {
        faults.apply(FAKE);
        if (!"authorization_code".equals(form.get("grant_type"))) {
            return error("unsupported_grant_type");
        }
        if (!google.clientSecret().equals(form.get("client_secret"))) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "invalid_client"));
        }
        SandboxIssuer.Grant grant = issuer.redeem(
                form.get("code"), form.get("client_id"), form.get("redirect_uri"), form.get("code_verifier"));
        if (grant == null || form.get("redirect_uri") == null) {
            return error("invalid_grant");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", issuer.accessToken(grant.profile()));
        answer.put("expires_in", 3599);
        answer.put("scope", "openid https://www.googleapis.com/auth/userinfo.email");
        answer.put("token_type", "Bearer");
        answer.put("id_token", idToken(grant.profile(), grant.nonce()));
        return ResponseEntity.ok(answer);
    }

    /** Sandbox helper: an ID token for {@code sub} as a mobile app would get it from Google. */
    @PostMapping("/sandbox/google/_mint")
    public Map<String, Object> mint(
            @RequestParam(defaultValue = "sandbox-user") String sub,
            @RequestParam String nonce,
            @RequestParam(required = false) String email,
            @RequestParam(name = "email_verified", defaultValue = "true") boolean emailVerified) {
        faults.apply(FAKE);
        return Map.of("idToken", idToken(profile(sub, email, emailVerified), nonce));
    }

    private String idToken(Map<String, Object> profile, String nonce) {
        Map<String, Object> claims = new HashMap<>(profile);
        claims.remove("sub");
        claims.put("azp", google.clientId());
        return issuer.idToken(ISSUER, google.clientId(), (String) profile.get("sub"), nonce, claims);
    }

    private static Map<String, Object> profile(String sub, String email, boolean verified) {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("sub", sub);
        profile.put("email", email == null ? sub + "@gmail.example" : email);
        profile.put("email_verified", verified);
        profile.put("name", "Sandbox " + sub);
        profile.put("given_name", "Sandbox");
        profile.put("family_name", sub);
        profile.put("picture", "https://lh3.googleusercontent.example/a/" + sub);
        return profile;
    }

    private static ResponseEntity<Map<String, Object>> error(String code) {
        return ResponseEntity.badRequest().body(Map.of("error", code, "error_description", "Bad Request"));
    }
}
