package com.fitplatform.gateway.auth.vk;

import com.fitplatform.gateway.auth.AuthProperties;
import com.fitplatform.gateway.auth.SandboxIssuer;
import com.fitplatform.gateway.common.sandbox.SandboxFake;
import com.fitplatform.gateway.common.sandbox.SandboxFaults;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Fake VK. VK ID ({@code id.vk.com}): {@code /authorize} (PKCE S256 required) redirects back with
 * {@code code}, {@code state} and {@code device_id}; {@code /oauth2/auth} takes grant_type,
 * redirect_uri, client_id, code_verifier, state and device_id in the query and {@code code} in
 * the form body, and answers access_token, refresh_token, id_token and a numeric user_id; {@code
 * /oauth2/user_info?client_id=} takes {@code access_token} in the body. Classic VK ({@code
 * oauth.vk.com}): {@code /oauth/authorize} redirects back with code and state, {@code
 * /oauth/access_token} checks client id, secret, redirect URI and code and answers access_token,
 * expires_in, a numeric user_id and, only when {@code email} was in the scope, email. VK's API
 * ({@code api.vk.com/method}): {@code users.get} needs {@code v} and a token and answers errors
 * as VK does, HTTP 200 with {@code {"error":{"error_code",..}}} (5 for a bad token; the fault
 * mode "fail" gives 10, VK's internal error). {@code login_hint} picks the user (digits: that
 * user id).
 */
@SandboxFake
public class VkSandbox {

    public static final String ISSUER = "https://id.vk.com";
    private static final String FAKE = "vk";

    private final SandboxIssuer issuer = new SandboxIssuer();
    private final SandboxFaults faults;
    private final AuthProperties.Provider vk;
    private final AuthProperties.Provider classic;

    public VkSandbox(SandboxFaults faults, AuthProperties properties) {
        this.faults = faults;
        this.vk = properties.providers().get("vk");
        this.classic = properties.providers().get("vk-classic");
    }

    public SandboxIssuer issuer() {
        return issuer;
    }

    @GetMapping("/sandbox/vk/.well-known/jwks")
    public Map<String, Object> jwks() {
        faults.apply(FAKE);
        return issuer.jwks();
    }

    @GetMapping("/sandbox/vk/authorize")
    public ResponseEntity<Object> authorize(@RequestParam Map<String, String> query) {
        faults.apply(FAKE);
        if (!"code".equals(query.get("response_type"))
                || !vk.clientId().equals(query.get("client_id"))
                || query.get("redirect_uri") == null
                || query.get("code_challenge") == null
                || !"S256".equals(query.get("code_challenge_method"))
                || query.get("state") == null) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid_request"));
        }
        String deviceId = "sandbox-device-" + com.fitplatform.gateway.auth.Secrets.random(6);
        Map<String, Object> profile = profile(query.getOrDefault("login_hint", "sandbox"));
        profile.put("device_id", deviceId);
        String code = issuer.code(new SandboxIssuer.Grant(
                vk.clientId(), query.get("redirect_uri"), query.get("code_challenge"), query.get("nonce"), profile));
        URI back = UriComponentsBuilder.fromUriString(query.get("redirect_uri"))
                .queryParam("code", code)
                .queryParam("state", query.get("state"))
                .queryParam("device_id", deviceId)
                .queryParam("type", "code_v2")
                .queryParam("expires_in", 600)
                .encode()
                .build()
                .toUri();
        return ResponseEntity.status(HttpStatus.FOUND).location(back).build();
    }

    @PostMapping("/sandbox/vk/oauth2/auth")
    public ResponseEntity<Map<String, Object>> token(HttpServletRequest request) {
        faults.apply(FAKE);
        Map<String, String> query = query(request);
        String code = request.getParameter("code");
        if (query.containsKey("code") || code == null) {
            return error("invalid_request", "code must be sent in the body");
        }
        for (String required :
                Set.of("grant_type", "redirect_uri", "client_id", "code_verifier", "state", "device_id")) {
            if (!query.containsKey(required)) {
                return error("invalid_request", required + " is required in the query");
            }
        }
        if (!"authorization_code".equals(query.get("grant_type"))) {
            return error("unsupported_grant_type", "grant_type");
        }
        SandboxIssuer.Grant grant =
                issuer.redeem(code, query.get("client_id"), query.get("redirect_uri"), query.get("code_verifier"));
        if (grant == null || !query.get("device_id").equals(grant.profile().get("device_id"))) {
            return error("invalid_grant", "code is invalid or expired");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("refresh_token", "vk2.r." + issuer.accessToken(grant.profile()));
        answer.put("access_token", "vk2.a." + issuer.accessToken(grant.profile()));
        answer.put("id_token", idToken(grant.profile(), grant.nonce()));
        answer.put("token_type", "Bearer");
        answer.put("expires_in", 3600);
        answer.put("user_id", Long.parseLong((String) grant.profile().get("user_id")));
        answer.put("state", query.get("state"));
        answer.put("scope", "vkid.personal_info email");
        return ResponseEntity.ok(answer);
    }

    @PostMapping("/sandbox/vk/oauth2/user_info")
    public ResponseEntity<Map<String, Object>> userInfo(
            @RequestParam("client_id") String clientId,
            @RequestParam(name = "access_token", required = false) String token) {
        faults.apply(FAKE);
        String raw = token != null && token.startsWith("vk2.a.") ? token.substring(6) : null;
        Map<String, Object> profile = issuer.profile(raw);
        if (!vk.clientId().equals(clientId) || profile == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .body(Map.of("error", "invalid_token", "error_description", "access_token is missing or invalid"));
        }
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("user_id", profile.get("user_id"));
        user.put("first_name", profile.get("first_name"));
        user.put("last_name", profile.get("last_name"));
        user.put("phone", "79001234567");
        user.put("avatar", "https://sun.userapi.example/" + profile.get("user_id"));
        user.put("email", profile.get("email"));
        user.put("sex", 2);
        user.put("verified", false);
        return ResponseEntity.ok(Map.of("user", user));
    }

    @GetMapping("/sandbox/vk/oauth/authorize")
    public ResponseEntity<Object> classicAuthorize(@RequestParam Map<String, String> query) {
        faults.apply(FAKE);
        if (classic == null
                || !"code".equals(query.get("response_type"))
                || !classic.clientId().equals(query.get("client_id"))
                || query.get("redirect_uri") == null) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid_request"));
        }
        Map<String, Object> profile = profile(query.getOrDefault("login_hint", "sandbox"));
        profile.put("scope", query.getOrDefault("scope", ""));
        String code = issuer.code(
                new SandboxIssuer.Grant(classic.clientId(), query.get("redirect_uri"), null, null, profile));
        UriComponentsBuilder back =
                UriComponentsBuilder.fromUriString(query.get("redirect_uri")).queryParam("code", code);
        if (query.get("state") != null) {
            back.queryParam("state", query.get("state"));
        }
        return ResponseEntity.status(HttpStatus.FOUND)
                .location(back.encode().build().toUri())
                .build();
    }

    @RequestMapping(
            value = "/sandbox/vk/oauth/access_token",
            method = {RequestMethod.GET, RequestMethod.POST})
    public ResponseEntity<Map<String, Object>> classicAccessToken(@RequestParam Map<String, String> params) {
        faults.apply(FAKE);
        if (classic == null
                || !classic.clientId().equals(params.get("client_id"))
                || !classic.clientSecret().equals(params.get("client_secret"))) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .body(Map.of("error", "invalid_client", "error_description", "client_secret is incorrect"));
        }
        SandboxIssuer.Grant grant =
                issuer.redeem(params.get("code"), params.get("client_id"), params.get("redirect_uri"), null);
        if (grant == null || params.get("redirect_uri") == null) {
            return error("invalid_grant", "Code is invalid or expired.");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", "vk1.a." + issuer.accessToken(grant.profile()));
        answer.put("expires_in", 86400);
        answer.put("user_id", Long.parseLong((String) grant.profile().get("user_id")));
        if (Arrays.asList(String.valueOf(grant.profile().get("scope")).split("[ ,]"))
                .contains("email")) {
            answer.put("email", grant.profile().get("email"));
        }
        return ResponseEntity.ok(answer);
    }

    @RequestMapping(
            value = "/sandbox/vk/method/users.get",
            method = {RequestMethod.GET, RequestMethod.POST})
    public Map<String, Object> usersGet(@RequestParam Map<String, String> params) {
        SandboxFaults.Fault fault = faults.current(FAKE);
        if (fault != null && "fail".equals(fault.mode())) {
            return apiError(10, "Internal server error", params);
        }
        faults.apply(FAKE);
        if (params.get("v") == null || params.get("v").isBlank()) {
            return apiError(8, "Invalid request: v (version) is required", params);
        }
        String token = params.get("access_token");
        Map<String, Object> profile = token != null && (token.startsWith("vk1.a.") || token.startsWith("vk2.a."))
                ? issuer.profile(token.substring(6))
                : null;
        if (profile == null) {
            return apiError(5, "User authorization failed: invalid access_token (4).", params);
        }
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", Long.parseLong((String) profile.get("user_id")));
        user.put("first_name", profile.get("first_name"));
        user.put("last_name", profile.get("last_name"));
        user.put("can_access_closed", true);
        user.put("is_closed", false);
        return Map.of("response", List.of(user));
    }

    /** Sandbox helper: an access token (classic/native VK) or ID token for {@code login_hint}. */
    @PostMapping("/sandbox/vk/_mint")
    public Map<String, Object> mint(
            @RequestParam(name = "login_hint", defaultValue = "sandbox") String hint,
            @RequestParam(required = false) String nonce) {
        faults.apply(FAKE);
        Map<String, Object> profile = profile(hint);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accessToken", "vk2.a." + issuer.accessToken(profile));
        if (nonce != null) {
            answer.put("idToken", idToken(profile, nonce));
        }
        return answer;
    }

    private String idToken(Map<String, Object> profile, String nonce) {
        return issuer.idToken(ISSUER, vk.clientId(), (String) profile.get("user_id"), nonce, Map.of());
    }

    private static Map<String, Object> profile(String hint) {
        String userId = hint.matches("\\d{1,15}")
                ? hint
                : String.valueOf(100_000_000L + Math.floorMod(hint.hashCode(), 900_000_000));
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("user_id", userId);
        profile.put("first_name", "Sandbox");
        profile.put("last_name", "Vk" + userId);
        profile.put("email", "id" + userId + "@vk.example");
        return profile;
    }

    private static Map<String, String> query(HttpServletRequest request) {
        String raw = request.getQueryString();
        if (raw == null || raw.isBlank()) {
            return Map.of();
        }
        return Arrays.stream(raw.split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(
                        kv -> java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
                        kv -> kv.length > 1
                                ? java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8)
                                : "",
                        (a, b) -> a));
    }

    /** VK API's error answer, which echoes the request's parameters but never the token. */
    private static Map<String, Object> apiError(int code, String message, Map<String, String> params) {
        List<Map<String, String>> echoed = params.entrySet().stream()
                .filter(e -> !"access_token".equals(e.getKey()))
                .map(e -> Map.of("key", e.getKey(), "value", e.getValue()))
                .collect(Collectors.toList());
        echoed.add(Map.of("key", "method", "value", "users.get"));
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error_code", code);
        error.put("error_msg", message);
        error.put("request_params", echoed);
        return Map.of("error", error);
    }

    private static ResponseEntity<Map<String, Object>> error(String code, String description) {
        return ResponseEntity.badRequest().body(Map.of("error", code, "error_description", description));
    }
}
