package com.fitplatform.gateway.health.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.common.resilience.ProviderAnswered;
import com.fitplatform.gateway.common.resilience.ProviderHttp;
import com.fitplatform.gateway.common.resilience.ResilientCalls.Call;
import com.fitplatform.gateway.health.HealthProperties;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Connections of users to Fitbit, Google Fit and Garmin: OAuth 2.0 authorization code with PKCE
 * (S256), tokens encrypted at rest, refresh before expiry, {@code invalid_grant} marking the
 * connection as needing re-consent, and disconnect with revocation where the provider offers it.
 * The provider sends the user back to the app ({@code redirect-uri}); the app relays code and state
 * to the callback with its service token.
 */
@Component("healthConnections")
public class HealthConnections {

    public static final List<String> OAUTH_PROVIDERS = List.of("fitbit", "google-fit", "garmin");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One provider's OAuth endpoints and client. */
    record OAuthClient(
            String provider,
            String authorizeUrl,
            String tokenUrl,
            String revokeUrl,
            String clientId,
            String clientSecret,
            String scopes,
            boolean basicAuth) {}

    private final JdbcTemplate jdbc;
    private final TokenCipher cipher;
    private final ProviderHttp http;
    private final ObjectMapper json;
    private final HealthProperties properties;

    public HealthConnections(
            JdbcTemplate jdbc, TokenCipher cipher, ProviderHttp http, ObjectMapper json, HealthProperties properties) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.http = http;
        this.json = json;
        this.properties = properties;
    }

    OAuthClient client(String provider) {
        return switch (provider) {
            case "fitbit" -> {
                var f = properties.fitbit();
                yield new OAuthClient(
                        provider,
                        f.authorizeUrl(),
                        f.tokenUrl(),
                        f.revokeUrl(),
                        f.clientId(),
                        f.clientSecret(),
                        f.scopes(),
                        true);
            }
            case "google-fit" -> {
                var g = properties.googleFit();
                yield new OAuthClient(
                        provider,
                        g.authorizeUrl(),
                        g.tokenUrl(),
                        g.revokeUrl(),
                        g.clientId(),
                        g.clientSecret(),
                        g.scopes(),
                        false);
            }
            case "garmin" -> {
                var g = properties.garmin();
                yield new OAuthClient(
                        provider, g.authorizeUrl(), g.tokenUrl(), null, g.clientId(), g.clientSecret(), null, false);
            }
            default -> throw new ProblemException(
                    ProblemType.NOT_FOUND,
                    "No OAuth provider " + provider
                            + " (fitbit, google-fit, garmin; apple-health and health-connect are pushed by the apps)");
        };
    }

    /** Starts a connection: a PKCE verifier and state are kept (encrypted), the URL goes to the user. */
    public Map<String, Object> authorize(@Header("provider") String provider, @Header("userId") String userId)
            throws Exception {
        OAuthClient client = client(provider);
        requireUser(userId);
        String state = random(24);
        String verifier = random(48);
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        jdbc.update(
                "insert into health_connection (user_id, provider, status, oauth_state, pkce_verifier) values (?, ?, 'pending', ?, ?)"
                        + " on conflict (user_id, provider) do update set oauth_state = excluded.oauth_state,"
                        + " pkce_verifier = excluded.pkce_verifier, updated_at = now(),"
                        + " status = case when health_connection.status = 'connected' then 'connected' else 'pending' end",
                userId,
                provider,
                state,
                cipher.encrypt(verifier));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", client.clientId());
        query.put("redirect_uri", properties.redirectUri());
        if (client.scopes() != null) {
            query.put("scope", client.scopes());
        }
        query.put("state", state);
        query.put("code_challenge", challenge);
        query.put("code_challenge_method", "S256");
        if ("google-fit".equals(provider)) {
            query.put("access_type", "offline");
            query.put("prompt", "consent");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("provider", provider);
        answer.put("authorizationUrl", client.authorizeUrl() + "?" + form(query));
        answer.put("state", state);
        return answer;
    }

    /** Completes a connection from the code and state the provider gave the app. */
    public Map<String, Object> callback(
            @Header("provider") String provider,
            @Header("code") String code,
            @Header("state") String state,
            @Header("error") String error)
            throws Exception {
        OAuthClient client = client(provider);
        if (error != null) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "The user did not grant access: " + error);
        }
        if (code == null || code.isBlank() || state == null || state.isBlank()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "code and state are required");
        }
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select user_id, pkce_verifier from health_connection where provider = ? and oauth_state = ?",
                provider,
                state);
        if (rows.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "Unknown or already used state");
        }
        String userId = (String) rows.get(0).get("user_id");
        String verifier = cipher.decrypt((String) rows.get(0).get("pkce_verifier"));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", properties.redirectUri());
        form.put("code_verifier", verifier);
        JsonNode tokens = tokenCall(client, form, "token-exchange");
        saveTokens(userId, provider, tokens, true);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("userId", userId);
        answer.put("provider", provider);
        answer.put("status", "connected");
        return answer;
    }

    private JsonNode tokenCall(OAuthClient client, Map<String, String> form, String operation) throws Exception {
        if (!client.basicAuth()) {
            form.put("client_id", client.clientId());
            form.put("client_secret", client.clientSecret());
        }
        HttpRequest.Builder request = ProviderHttp.request(client.tokenUrl())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
        if (client.basicAuth()) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((client.clientId() + ":" + client.clientSecret())
                                            .getBytes(StandardCharsets.UTF_8)));
        }
        // Token exchange and refresh are not repeatable (codes and refresh tokens are single-use).
        ProviderHttp.Answer answer = http.send(Call.unrepeatable(client.provider(), operation), request.build());
        return json.readTree(answer.body());
    }

    private void saveTokens(String userId, String provider, JsonNode tokens, boolean initial) {
        String access = tokens.path("access_token").asText(null);
        if (access == null) {
            throw new ProblemException(ProblemType.BAD_GATEWAY, provider + " gave no access token");
        }
        String refresh = tokens.path("refresh_token").asText(null);
        Instant expires = Instant.now().plusSeconds(tokens.path("expires_in").asLong(3600));
        String providerUserId = tokens.path("user_id").asText(null);
        jdbc.update(
                "update health_connection set status = 'connected', access_token = ?,"
                        + " refresh_token = coalesce(?, refresh_token), token_key_id = ?, expires_at = ?,"
                        + " scopes = coalesce(?, scopes), provider_user_id = coalesce(?, provider_user_id),"
                        + (initial ? " oauth_state = null, pkce_verifier = null," : "")
                        + " updated_at = now() where user_id = ? and provider = ?",
                cipher.encrypt(access),
                cipher.encrypt(refresh),
                cipher.currentKeyId(),
                Timestamp.from(expires),
                tokens.path("scope").asText(null),
                providerUserId,
                userId,
                provider);
    }

    /**
     * A valid access token for the user's connection, refreshed when it expires within
     * {@code refresh-before-expiry}. A refused refresh marks the connection for re-consent.
     */
    public String accessToken(String userId, String provider) throws Exception {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select status, access_token, refresh_token, expires_at from health_connection where user_id = ? and provider = ?",
                userId,
                provider);
        if (rows.isEmpty() || !"connected".equals(rows.get(0).get("status"))) {
            throw new NotConnected(
                    provider,
                    rows.isEmpty() ? "not connected" : (String) rows.get(0).get("status"));
        }
        Map<String, Object> row = rows.get(0);
        Instant expires = ((Timestamp) row.get("expires_at")).toInstant();
        if (expires.minus(properties.tokens().refreshBeforeExpiry()).isAfter(Instant.now())) {
            return cipher.decrypt((String) row.get("access_token"));
        }
        String refresh = cipher.decrypt((String) row.get("refresh_token"));
        if (refresh == null) {
            markReconsent(userId, provider);
            throw new NeedsReconsent(provider);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refresh);
        try {
            saveTokens(userId, provider, tokenCall(client(provider), form, "token-refresh"), false);
        } catch (ProviderAnswered refused) {
            if (refused.status() == 400 || refused.status() == 401) {
                markReconsent(userId, provider);
                throw new NeedsReconsent(provider);
            }
            throw refused;
        }
        return accessToken(userId, provider);
    }

    /** Refreshes the access token now, whatever its stated expiry (the provider refused it). */
    public void refreshNow(String userId, String provider) throws Exception {
        jdbc.update(
                "update health_connection set expires_at = least(expires_at, now()) where user_id = ? and provider = ?",
                userId,
                provider);
        accessToken(userId, provider);
    }

    private void markReconsent(String userId, String provider) {
        jdbc.update(
                "update health_connection set status = 'needs_reconsent', access_token = null, refresh_token = null,"
                        + " updated_at = now() where user_id = ? and provider = ?",
                userId,
                provider);
    }

    /** Disconnects: revokes at the provider where offered (best effort), then forgets the tokens. */
    public Map<String, Object> disconnect(@Header("provider") String provider, @Header("userId") String userId)
            throws Exception {
        requireUser(userId);
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select access_token, refresh_token from health_connection where user_id = ? and provider = ?",
                userId,
                provider);
        if (rows.isEmpty()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No " + provider + " connection for this user");
        }
        boolean revoked = false;
        if (OAUTH_PROVIDERS.contains(provider)) {
            revoked = revoke(client(provider), (String) rows.get(0).get("refresh_token"), (String)
                    rows.get(0).get("access_token"));
        }
        jdbc.update(
                "update health_connection set status = 'disconnected', access_token = null, refresh_token = null,"
                        + " oauth_state = null, pkce_verifier = null, updated_at = now() where user_id = ? and provider = ?",
                userId,
                provider);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("provider", provider);
        answer.put("status", "disconnected");
        answer.put("revokedAtProvider", revoked);
        return answer;
    }

    /**
     * Revokes every provider token the user has stored, once the surrounding transaction (an
     * erasure) has committed: a rolled-back erasure leaves the connections working, and no provider
     * call holds the transaction open. Best effort, like {@link #disconnect}.
     *
     * @return how many revocations were scheduled
     */
    public int revokeAllAfterCommit(String userId) {
        List<Runnable> revocations = jdbc
                .queryForList(
                        "select provider, access_token, refresh_token from health_connection where user_id = ?"
                                + " and (access_token is not null or refresh_token is not null)",
                        userId)
                .stream()
                .filter(row -> OAUTH_PROVIDERS.contains((String) row.get("provider")))
                .<Runnable>map(row ->
                        () -> revoke(client((String) row.get("provider")), (String) row.get("refresh_token"), (String)
                                row.get("access_token")))
                .toList();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    revocations.forEach(Runnable::run);
                }
            });
        } else {
            revocations.forEach(Runnable::run);
        }
        return revocations.size();
    }

    /** Revokes a token where the provider offers it; false when not offered or it failed. */
    boolean revoke(OAuthClient client, String storedRefresh, String storedAccess) {
        if (client.revokeUrl() == null) {
            return false;
        }
        try {
            String token = storedRefresh != null ? cipher.decrypt(storedRefresh) : cipher.decrypt(storedAccess);
            if (token == null) {
                return false;
            }
            HttpRequest.Builder request = ProviderHttp.request(client.revokeUrl())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("token", token))));
            if (client.basicAuth()) {
                request.header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((client.clientId() + ":" + client.clientSecret())
                                                .getBytes(StandardCharsets.UTF_8)));
            }
            http.send(Call.read(client.provider(), "token-revoke"), request.build());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** The gateway user behind a provider's user id (Fitbit ownerId, Garmin userId). */
    public String userFor(String provider, String providerUserId) {
        List<String> users = jdbc.queryForList(
                "select user_id from health_connection where provider = ? and provider_user_id = ? and status = 'connected'",
                String.class,
                provider,
                providerUserId);
        return users.isEmpty() ? null : users.get(0);
    }

    public List<Map<String, Object>> connected(String provider) {
        return jdbc.queryForList(
                "select user_id, provider, last_synced_day from health_connection where status = 'connected'"
                        + (provider == null ? "" : " and provider = '" + provider.replace("'", "") + "'"));
    }

    static void requireUser(String userId) {
        if (userId == null || userId.isBlank() || userId.length() > 100) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "userId is required (at most 100 characters)");
        }
    }

    private static String random(int bytes) {
        byte[] data = new byte[bytes];
        RANDOM.nextBytes(data);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(data);
    }

    static String form(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The user has no usable connection to the provider. */
    public static class NotConnected extends ProviderAnswered {
        public NotConnected(String provider, String status) {
            super(409, provider + ": " + status);
        }
    }
}
