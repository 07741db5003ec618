package com.fitplatform.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.auth.apple.AppleClientSecret;
import com.fitplatform.gateway.auth.vk.VkApi;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What each provider says about the user, by the provider's own protocol: OIDC ID tokens (Google,
 * Apple, VK ID), Yandex's {@code login.yandex.ru/info}, VK ID's {@code oauth2/user_info}, and
 * classic VK's {@code oauth.vk.com/access_token} with {@code users.get} (also how a VK access
 * token from a mobile app is checked: VK ID tokens are VK API tokens too).
 */
@Component
public class ProviderClients {

    public static final String OIDC = "oidc";
    public static final String YANDEX = "yandex";
    public static final String VK_ID = "vk-id";
    public static final String VK_CLASSIC = "vk-classic";

    private final SignInProviders providers;
    private final SignInHttp http;
    private final IdTokenVerifier idTokens;
    private final AppleClientSecret appleSecret;
    private final VkApi vkApi;
    private final ObjectMapper json;

    public ProviderClients(
            SignInProviders providers,
            SignInHttp http,
            IdTokenVerifier idTokens,
            AppleClientSecret appleSecret,
            VkApi vkApi,
            ObjectMapper json) {
        this.providers = providers;
        this.http = http;
        this.idTokens = idTokens;
        this.appleSecret = appleSecret;
        this.vkApi = vkApi;
        this.json = json;
    }

    public AuthProperties.Provider provider(String name) {
        return providers.get(name);
    }

    /** Native flow with an ID token the app obtained. */
    public ProviderIdentity fromIdToken(String name, String idToken, String nonce) {
        JWTClaimsSet claims = idTokens.verify(name, idToken, nonce);
        return identity(provider(name).identityName(name), claims);
    }

    /** Native flow with an access token the app obtained (Yandex, VK). */
    public ProviderIdentity fromAccessToken(String name, String accessToken) {
        AuthProperties.Provider provider = provider(name);
        if (accessToken == null || accessToken.isBlank() || accessToken.length() > 4096) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "accessToken is required");
        }
        return switch (provider.kind()) {
            case YANDEX -> yandexUser(name, provider, accessToken);
            case VK_ID, VK_CLASSIC -> vkApiUser(name, provider, accessToken, null, null);
            default -> throw new ProblemException(
                    ProblemType.INVALID_REQUEST, name + " signs in with an idToken and nonce");
        };
    }

    /** Web flow: exchanges the code at the provider's token endpoint and reads who signed in. */
    public ProviderIdentity fromCode(String name, Map<String, String> callback, SignInState.Pending pending) {
        AuthProperties.Provider provider = provider(name);
        String code = callback.get("code");
        Map<String, String> form = new LinkedHashMap<>();
        switch (provider.kind()) {
            case OIDC -> {
                form.put("grant_type", "authorization_code");
                form.put("code", code);
                form.put("redirect_uri", pending.redirectUri());
                form.put("client_id", provider.clientId());
                form.put("client_secret", "apple".equals(name) ? appleSecret.sign() : provider.clientSecret());
                form.put("code_verifier", pending.codeVerifier());
                JsonNode tokens = http.postForm(provider.service(), "token-exchange", provider.tokenUri(), form);
                ProviderIdentity identity =
                        fromIdToken(name, tokens.path("id_token").asText(null), pending.nonce());
                return withAppleUser(identity, callback.get("user"));
            }
            case YANDEX -> {
                form.put("grant_type", "authorization_code");
                form.put("code", code);
                form.put("client_id", provider.clientId());
                form.put("client_secret", provider.clientSecret());
                form.put("code_verifier", pending.codeVerifier());
                JsonNode tokens = http.postForm(provider.service(), "token-exchange", provider.tokenUri(), form);
                return yandexUser(name, provider, required(tokens, "access_token"));
            }
            case VK_ID -> {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("grant_type", "authorization_code");
                query.put("redirect_uri", pending.redirectUri());
                query.put("client_id", provider.clientId());
                query.put("code_verifier", pending.codeVerifier());
                query.put("state", callback.get("state"));
                query.put("device_id", callback.get("device_id"));
                if (callback.get("device_id") == null) {
                    throw new ProblemException(ProblemType.INVALID_REQUEST, "device_id is required");
                }
                JsonNode tokens = http.postForm(
                        provider.service(),
                        "token-exchange",
                        provider.tokenUri() + "?" + SignInHttp.form(query),
                        Map.of("code", code));
                String userId = required(tokens, "user_id");
                String idToken = tokens.path("id_token").asText("");
                if (!idToken.isBlank()) {
                    // Received straight from VK over TLS for a PKCE-bound code: the nonce is checked
                    // when VK put one in, but its absence is no forgery.
                    JWTClaimsSet claims = idTokens.verify(name, idToken, pending.nonce(), false);
                    if (!userId.equals(claims.getSubject())) {
                        throw new ProblemException(ProblemType.UNAUTHENTICATED, "VK's ID token names another user");
                    }
                }
                return vkUser(name, provider, required(tokens, "access_token"), userId);
            }
            case VK_CLASSIC -> {
                VkApi.VkAccess access = vkApi.exchangeCode(provider, code, pending.redirectUri());
                return vkApiUser(name, provider, access.accessToken(), access.userId(), access.email());
            }
            default -> throw new IllegalStateException("Unknown provider kind " + provider.kind());
        }
    }

    private ProviderIdentity identity(String name, JWTClaimsSet claims) {
        Map<String, Object> all = claims.getClaims();
        String given = (String) all.getOrDefault("given_name", null);
        String family = (String) all.getOrDefault("family_name", null);
        return new ProviderIdentity(
                name,
                claims.getSubject(),
                all.get("email") instanceof String email ? email : null,
                ProviderIdentity.flag(all.get("email_verified")),
                ProviderIdentity.flag(all.get("is_private_email")),
                given,
                family);
    }

    /** Apple sends the name once, in the callback's {@code user} JSON; keep it then. */
    private ProviderIdentity withAppleUser(ProviderIdentity identity, String userJson) {
        if (userJson == null || userJson.isBlank() || userJson.length() > 4096) {
            return identity;
        }
        try {
            JsonNode name = json.readTree(userJson).path("name");
            return identity.withNames(
                    name.path("firstName").asText(null), name.path("lastName").asText(null));
        } catch (Exception e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "user is not JSON");
        }
    }

    private ProviderIdentity yandexUser(String name, AuthProperties.Provider provider, String accessToken) {
        JsonNode info = http.getJson(
                provider.service(), "user-info", provider.userInfoUri() + "?format=json", "OAuth " + accessToken);
        String email = info.path("default_email").asText(null);
        return new ProviderIdentity(
                provider.identityName(name),
                required(info, "id"),
                email,
                email != null && provider.emailsVerified(),
                false,
                info.path("first_name").asText(null),
                info.path("last_name").asText(null));
    }

    private ProviderIdentity vkUser(
            String name, AuthProperties.Provider provider, String accessToken, String expectedUserId) {
        JsonNode info = http.postForm(
                provider.service(),
                "user-info",
                provider.userInfoUri() + "?client_id=" + SignInHttp.encode(provider.clientId()),
                Map.of("access_token", accessToken));
        JsonNode user = info.path("user");
        String userId = required(user, "user_id");
        if (expectedUserId != null && !expectedUserId.isBlank() && !expectedUserId.equals(userId)) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "VK answered for another user");
        }
        String email = user.path("email").asText("");
        return new ProviderIdentity(
                provider.identityName(name),
                userId,
                email.isBlank() ? null : email,
                !email.isBlank() && provider.emailsVerified(),
                false,
                user.path("first_name").asText(null),
                user.path("last_name").asText(null));
    }

    /** A VK account by {@code users.get}; the email only ever comes from classic VK's code exchange. */
    private ProviderIdentity vkApiUser(
            String name, AuthProperties.Provider provider, String accessToken, String expectedUserId, String email) {
        VkApi.VkUser user = vkApi.currentUser(provider, accessToken);
        if (expectedUserId != null && !expectedUserId.equals(user.id())) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "VK answered for another user");
        }
        return new ProviderIdentity(
                provider.identityName(name),
                user.id(),
                email,
                email != null && provider.emailsVerified(),
                false,
                user.firstName(),
                user.lastName());
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual() && !value.isNumber() || value.asText().isBlank()) {
            throw new ProblemException(ProblemType.BAD_GATEWAY, "The provider's answer lacks " + field);
        }
        return value.asText();
    }
}
