package com.fitplatform.gateway.auth.apple;

import com.fitplatform.gateway.auth.AuthProperties;
import com.fitplatform.gateway.auth.SandboxIssuer;
import com.fitplatform.gateway.common.sandbox.SandboxFake;
import com.fitplatform.gateway.common.sandbox.SandboxFaults;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/**
 * Fake Sign in with Apple: {@code /auth/keys} (JWKS), {@code /auth/authorize} answering with the
 * auto-submitting form POST Apple sends when name/email are asked for ({@code code}, {@code state},
 * {@code id_token} and, the first time for a user only, {@code user}), and {@code /auth/token}
 * that insists on an ES256 {@code client_secret} signed by the gateway's key. ID tokens carry
 * {@code email_verified}/{@code is_private_email} as strings, as Apple often sends them.
 * {@code login_hint} picks the user; {@code private_email=true} gives a relay address.
 */
@SandboxFake
public class AppleSandbox {

    public static final String ISSUER = "https://appleid.apple.com";
    private static final String FAKE = "apple";

    private final SandboxIssuer issuer = new SandboxIssuer();
    private final SandboxFaults faults;
    private final AuthProperties.Provider apple;
    private final AppleClientSecret secrets;
    private final Set<String> authorizedBefore = ConcurrentHashMap.newKeySet();

    public AppleSandbox(SandboxFaults faults, AuthProperties properties, AppleClientSecret secrets) {
        this.faults = faults;
        this.apple = properties.providers().get("apple");
        this.secrets = secrets;
    }

    public SandboxIssuer issuer() {
        return issuer;
    }

    @GetMapping("/sandbox/apple/auth/keys")
    public Map<String, Object> keys() {
        faults.apply(FAKE);
        return issuer.jwks();
    }

    @GetMapping("/sandbox/apple/auth/authorize")
    public ResponseEntity<String> authorize(@RequestParam Map<String, String> query) {
        faults.apply(FAKE);
        String redirect = query.get("redirect_uri");
        if (!"code".equals(query.get("response_type"))
                || !apple.clientId().equals(query.get("client_id"))
                || redirect == null
                || !redirect.startsWith("http")) {
            return ResponseEntity.badRequest().body("invalid_request");
        }
        String sub = "001234." + query.getOrDefault("login_hint", "sandbox").replaceAll("[^A-Za-z0-9]", "") + ".0815";
        Map<String, Object> profile = profile(sub, null, "true".equals(query.get("private_email")));
        String code =
                issuer.code(new SandboxIssuer.Grant(apple.clientId(), redirect, null, query.get("nonce"), profile));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("state", query.get("state"));
        fields.put("code", code);
        fields.put("id_token", idToken(profile, query.get("nonce")));
        if (authorizedBefore.add(sub)) {
            fields.put(
                    "user",
                    "{\"name\":{\"firstName\":\"Sandbox\",\"lastName\":\"Apple\"},\"email\":\"" + profile.get("email")
                            + "\"}");
        }
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body onload=\"document.forms[0].submit()\">")
                .append("<form method=\"post\" action=\"")
                .append(HtmlUtils.htmlEscape(redirect))
                .append("\">");
        fields.forEach((name, value) -> html.append("<input type=\"hidden\" name=\"")
                .append(name)
                .append("\" value=\"")
                .append(HtmlUtils.htmlEscape(value == null ? "" : value))
                .append("\"/>"));
        html.append("</form></body></html>");
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(html.toString());
    }

    @PostMapping(value = "/sandbox/apple/auth/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<Map<String, Object>> token(@RequestParam Map<String, String> form) {
        faults.apply(FAKE);
        if (!"authorization_code".equals(form.get("grant_type"))) {
            return error(HttpStatus.BAD_REQUEST, "unsupported_grant_type");
        }
        if (!validClientSecret(form.get("client_id"), form.get("client_secret"))) {
            return error(HttpStatus.BAD_REQUEST, "invalid_client");
        }
        SandboxIssuer.Grant grant =
                issuer.redeem(form.get("code"), form.get("client_id"), form.get("redirect_uri"), null);
        if (grant == null) {
            return error(HttpStatus.BAD_REQUEST, "invalid_grant");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", issuer.accessToken(grant.profile()));
        answer.put("token_type", "Bearer");
        answer.put("expires_in", 3600);
        answer.put("refresh_token", "r" + issuer.accessToken(grant.profile()));
        answer.put("id_token", idToken(grant.profile(), grant.nonce()));
        return ResponseEntity.ok(answer);
    }

    /** Sandbox helper: an ID token as the iOS app gets it; the nonce claim is the SHA-256 of the raw nonce. */
    @PostMapping("/sandbox/apple/_mint")
    public Map<String, Object> mint(
            @RequestParam(defaultValue = "001234.sandbox.0815") String sub,
            @RequestParam String nonce,
            @RequestParam(required = false) String email,
            @RequestParam(name = "private_email", defaultValue = "false") boolean privateEmail) {
        faults.apply(FAKE);
        return Map.of(
                "idToken",
                idToken(profile(sub, email, privateEmail), com.fitplatform.gateway.auth.Secrets.sha256Hex(nonce)));
    }

    private boolean validClientSecret(String clientId, String secret) {
        try {
            SignedJWT jwt = SignedJWT.parse(secret);
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant now = Instant.now();
            return JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())
                    && apple.keyId().equals(jwt.getHeader().getKeyID())
                    && secrets.sandboxPublicKey() != null
                    && jwt.verify(new ECDSAVerifier(secrets.sandboxPublicKey()))
                    && apple.teamId().equals(claims.getIssuer())
                    && apple.clientId().equals(claims.getSubject())
                    && apple.clientId().equals(clientId)
                    && claims.getAudience().contains(AppleClientSecret.AUDIENCE)
                    && claims.getExpirationTime().toInstant().isAfter(now)
                    && claims.getExpirationTime().toInstant().isBefore(now.plus(Duration.ofDays(183)));
        } catch (Exception e) {
            return false;
        }
    }

    private String idToken(Map<String, Object> profile, String nonce) {
        Map<String, Object> claims = new LinkedHashMap<>(profile);
        claims.remove("sub");
        claims.put("auth_time", Instant.now().getEpochSecond());
        claims.put("nonce_supported", true);
        return issuer.idToken(ISSUER, apple.clientId(), (String) profile.get("sub"), nonce, claims);
    }

    private static Map<String, Object> profile(String sub, String email, boolean privateEmail) {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("sub", sub);
        String address = email != null
                ? email
                : privateEmail
                        ? sub.replaceAll("[^a-z0-9]", "") + "@privaterelay.appleid.com"
                        : sub.replaceAll("[^A-Za-z0-9]", "").toLowerCase() + "@icloud.example";
        profile.put("email", address);
        profile.put("email_verified", "true");
        profile.put("is_private_email", privateEmail ? "true" : "false");
        return profile;
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code) {
        return ResponseEntity.status(status).body(Map.of("error", code));
    }
}
