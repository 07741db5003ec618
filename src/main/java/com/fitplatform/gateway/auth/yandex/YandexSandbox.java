package com.fitplatform.gateway.auth.yandex;

import com.fitplatform.gateway.auth.AuthProperties;
import com.fitplatform.gateway.auth.SandboxIssuer;
import com.fitplatform.gateway.common.sandbox.SandboxFake;
import com.fitplatform.gateway.common.sandbox.SandboxFaults;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Fake Yandex ID: {@code /authorize} redirects back with code and state for {@code login_hint};
 * {@code /token} exchanges the code (client secret, PKCE); {@code /info?format=json} answers with
 * {@code Authorization: OAuth <token>} in Yandex's field names ({@code id} is a string).
 */
@SandboxFake
public class YandexSandbox {

    private static final String FAKE = "yandex";

    private final SandboxIssuer issuer = new SandboxIssuer();
    private final SandboxFaults faults;
    private final AuthProperties.Provider yandex;

    public YandexSandbox(SandboxFaults faults, AuthProperties properties) {
        this.faults = faults;
        this.yandex = properties.providers().get("yandex");
    }

    @GetMapping("/sandbox/yandex/authorize")
    public ResponseEntity<Object> authorize(@RequestParam Map<String, String> query) {
        faults.apply(FAKE);
        if (!"code".equals(query.get("response_type")) || !yandex.clientId().equals(query.get("client_id"))) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid_request"));
        }
        String code = issuer.code(new SandboxIssuer.Grant(
                yandex.clientId(),
                null,
                query.get("code_challenge"),
                null,
                profile(query.getOrDefault("login_hint", "sandbox"))));
        String redirect = query.getOrDefault("redirect_uri", "https://oauth.yandex.ru/verification_code");
        URI back = UriComponentsBuilder.fromUriString(redirect)
                .queryParam("code", code)
                .queryParam("state", query.get("state"))
                .encode()
                .build()
                .toUri();
        return ResponseEntity.status(HttpStatus.FOUND).location(back).build();
    }

    @PostMapping(value = "/sandbox/yandex/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<Map<String, Object>> token(@RequestParam Map<String, String> form) {
        faults.apply(FAKE);
        if (!"authorization_code".equals(form.get("grant_type"))) {
            return error("unsupported_grant_type", "grant_type must be authorization_code");
        }
        if (!yandex.clientSecret().equals(form.get("client_secret"))) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .body(Map.of("error", "invalid_client", "error_description", "Client not found"));
        }
        SandboxIssuer.Grant grant =
                issuer.redeem(form.get("code"), form.get("client_id"), null, form.get("code_verifier"));
        if (grant == null) {
            return error("invalid_grant", "Code has expired");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token_type", "bearer");
        answer.put("access_token", "y0_" + issuer.accessToken(grant.profile()));
        answer.put("expires_in", 31536000);
        answer.put("refresh_token", "1:" + issuer.accessToken(grant.profile()));
        return ResponseEntity.ok(answer);
    }

    @GetMapping("/sandbox/yandex/info")
    public ResponseEntity<Map<String, Object>> info(
            @RequestHeader(name = "Authorization", required = false) String authorization,
            @RequestParam(required = false) String format) {
        faults.apply(FAKE);
        String token =
                authorization != null && authorization.startsWith("OAuth y0_") ? authorization.substring(9) : null;
        Map<String, Object> profile = issuer.profile(token);
        if (profile == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        return ResponseEntity.ok(profile);
    }

    /** Sandbox helper: an access token as the Yandex LoginSDK hands it to a mobile app. */
    @PostMapping("/sandbox/yandex/_mint")
    public Map<String, Object> mint(@RequestParam(name = "login_hint", defaultValue = "sandbox") String hint) {
        faults.apply(FAKE);
        return Map.of("accessToken", "y0_" + issuer.accessToken(profile(hint)));
    }

    private Map<String, Object> profile(String login) {
        String id = String.valueOf(1_000_000_000L + Math.floorMod(login.hashCode(), 900_000_000));
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("id", id);
        profile.put("login", login);
        profile.put("client_id", yandex.clientId());
        profile.put("default_email", login + "@yandex.example");
        profile.put("emails", List.of(login + "@yandex.example"));
        profile.put("first_name", "Sandbox");
        profile.put("last_name", "Yandex");
        profile.put("display_name", login);
        profile.put("real_name", "Sandbox Yandex");
        profile.put("sex", null);
        profile.put("default_phone", Map.of("id", 12345678, "number", "+79037659418"));
        profile.put("psuid", "1.AAceCw.sandbox." + id);
        return profile;
    }

    private static ResponseEntity<Map<String, Object>> error(String code, String description) {
        return ResponseEntity.badRequest().body(Map.of("error", code, "error_description", description));
    }
}
