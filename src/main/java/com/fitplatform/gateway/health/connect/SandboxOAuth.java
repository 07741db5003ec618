package com.fitplatform.gateway.health.connect;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The OAuth 2.0 + PKCE authorization server part every health fake shares: codes bound to the
 * S256 challenge and redirect URI, single-use codes and rotating refresh tokens, bearer checks.
 * Access tokens carry the provider user and an HMAC, so a token the fake issued stays valid across
 * a restart of the gateway (as a real provider's would), unless it was revoked since.
 */
public final class SandboxOAuth {

    private record Grant(String challenge, String redirectUri, String providerUserId) {}

    private final String prefix;
    private final AtomicInteger users = new AtomicInteger(1000);
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, String> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final java.util.Set<String> revokedUsers = ConcurrentHashMap.newKeySet();

    public SandboxOAuth(String prefix) {
        this.prefix = prefix;
    }

    /** The consent screen, always granted: back to the redirect URI with a code. */
    public ResponseEntity<Void> authorize(String redirectUri, String state, String challenge, String method) {
        if (redirectUri == null || state == null || challenge == null || !"S256".equals(method)) {
            return ResponseEntity.badRequest().build();
        }
        String code = UUID.randomUUID().toString();
        codes.put(
                code,
                new Grant(
                        challenge,
                        redirectUri,
                        prefix + Integer.toString(users.incrementAndGet(), 36).toUpperCase()));
        String location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=" + code + "&state="
                + URLEncoder.encode(state, StandardCharsets.UTF_8);
        return ResponseEntity.status(HttpStatus.FOUND)
                .header("Location", location)
                .build();
    }

    /** The token endpoint: authorization_code (PKCE checked) or refresh_token (rotated). */
    public ResponseEntity<Map<String, Object>> token(Map<String, String> form) {
        String grant = form.get("grant_type");
        String user;
        if ("authorization_code".equals(grant)) {
            Grant issued = codes.remove(String.valueOf(form.get("code")));
            if (issued == null
                    || form.get("code_verifier") == null
                    || !issued.challenge().equals(s256(form.get("code_verifier")))
                    || !issued.redirectUri().equals(form.get("redirect_uri"))) {
                return invalidGrant();
            }
            user = issued.providerUserId();
        } else if ("refresh_token".equals(grant)) {
            user = refreshTokens.remove(String.valueOf(form.get("refresh_token")));
            if (user == null) {
                return invalidGrant();
            }
        } else {
            return ResponseEntity.badRequest().body(Map.of("error", "unsupported_grant_type"));
        }
        String access = prefix.toLowerCase() + "-at-" + signed(user + "." + UUID.randomUUID());
        String refresh = prefix.toLowerCase() + "-rt-" + UUID.randomUUID();
        accessTokens.put(access, user);
        refreshTokens.put(refresh, user);
        return ResponseEntity.ok(Map.of(
                "access_token",
                access,
                "refresh_token",
                refresh,
                "expires_in",
                28800,
                "token_type",
                "Bearer",
                "scope",
                form.getOrDefault("scope", "activity heartrate sleep weight"),
                "user_id",
                user));
    }

    public void revoke(String token) {
        String user = refreshTokens.remove(token);
        if (user == null) {
            user = accessTokens.remove(token);
        }
        if (user != null) {
            revokedUsers.add(user);
            String owner = user;
            accessTokens.values().removeIf(owner::equals);
            refreshTokens.values().removeIf(owner::equals);
        }
    }

    /** The provider user behind a bearer header, or null. */
    public String user(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String token = authorization.substring(7).trim();
        String user = accessTokens.get(token);
        if (user != null) {
            return user;
        }
        // Issued before a restart: the signature vouches for it.
        String body = token.startsWith(prefix.toLowerCase() + "-at-") ? token.substring(prefix.length() + 4) : "";
        int mac = body.lastIndexOf('.');
        if (mac < 0 || !signed(body.substring(0, mac)).equals(body)) {
            return null;
        }
        String owner = body.substring(0, body.indexOf('.'));
        return revokedUsers.contains(owner) ? null : owner;
    }

    private String signed(String payload) {
        try {
            javax.crypto.Mac hmac = javax.crypto.Mac.getInstance("HmacSHA256");
            // A fixed key: these are the sandbox's own throwaway tokens, never a real credential.
            hmac.init(new javax.crypto.spec.SecretKeySpec(
                    ("sandbox-oauth-" + prefix).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return payload + "."
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(hmac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResponseEntity<Map<String, Object>> invalidGrant() {
        return ResponseEntity.badRequest()
                .body(Map.of(
                        "error",
                        "invalid_grant",
                        "errors",
                        java.util.List.of(Map.of(
                                "errorType",
                                "invalid_grant",
                                "message",
                                "Authorization code or refresh token invalid"))));
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A deterministic generator per provider user and day, so the fake's history is stable. */
    public static java.util.Random random(String providerUserId, java.time.LocalDate day, String salt) {
        return new java.util.Random((providerUserId + "|" + day + "|" + salt).hashCode() * 2654435761L);
    }
}
