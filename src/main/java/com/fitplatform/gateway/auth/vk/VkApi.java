package com.fitplatform.gateway.auth.vk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.auth.AuthProperties;
import com.fitplatform.gateway.auth.SignInHttp;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.common.resilience.ProviderAnswered;
import com.fitplatform.gateway.common.resilience.ProviderHttp.ProviderFailed;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Classic VK: the code exchange at {@code oauth.vk.com/access_token} and {@code users.get} of
 * VK's API. The API answers its errors with HTTP 200 and {@code {"error":{"error_code":..,
 * "error_msg":..}}}: codes that say the token or the user is not good refuse the sign-in (401),
 * every other code is VK failing (503, counted by the breaker).
 */
@Component
public class VkApi {

    /**
     * 5 user authorization failed (bad or expired token), 15 access denied, 17 validation
     * required, 18 page deleted or banned, 30 private profile, 200/201 access denied to the
     * object: VK's answer about this user, not an outage.
     */
    static final Set<Integer> REFUSALS = Set.of(5, 15, 17, 18, 30, 200, 201);

    /** Who VK says the user is. */
    public record VkUser(String id, String firstName, String lastName) {}

    /** What the code exchange hands back; {@code email} only when the user granted it. */
    public record VkAccess(String accessToken, String userId, String email) {}

    private final SignInHttp http;

    public VkApi(SignInHttp http) {
        this.http = http;
    }

    /** The owner of an access token, by {@code users.get} without {@code user_ids}. */
    public VkUser currentUser(AuthProperties.Provider provider, String accessToken) {
        Map<String, String> form = new LinkedHashMap<>();
        // In the body, not the query: a token in a URL ends up in access logs.
        form.put("access_token", accessToken);
        form.put("v", provider.apiVersion());
        JsonNode answer =
                http.postForm(provider.service(), "users.get", provider.apiUri() + "/users.get", form, VkApi::check);
        JsonNode user = answer.path("response").path(0);
        String id = user.path("id").isIntegralNumber() ? user.path("id").asText() : null;
        if (id == null) {
            throw new ProblemException(ProblemType.BAD_GATEWAY, "VK's users.get answered without a user id");
        }
        return new VkUser(
                id, user.path("first_name").asText(null), user.path("last_name").asText(null));
    }

    /** Classic web flow: exchanges the code (GET, as VK documents it) for token, user id and email. */
    public VkAccess exchangeCode(AuthProperties.Provider provider, String code, String redirectUri) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", provider.clientId());
        query.put("client_secret", provider.clientSecret());
        query.put("redirect_uri", redirectUri);
        query.put("code", code);
        JsonNode tokens = http.getJson(
                provider.service(), "token-exchange", provider.tokenUri() + "?" + SignInHttp.form(query), null);
        String token = tokens.path("access_token").asText("");
        String userId = tokens.path("user_id").isIntegralNumber()
                ? tokens.path("user_id").asText()
                : "";
        if (token.isBlank() || userId.isBlank()) {
            throw new ProblemException(ProblemType.BAD_GATEWAY, "VK's access_token answer lacks the token or user_id");
        }
        String email = tokens.path("email").asText("");
        return new VkAccess(token, userId, email.isBlank() ? null : email);
    }

    static void check(JsonNode answer) throws IOException {
        JsonNode error = answer.path("error");
        if (error.isMissingNode() || error.isNull()) {
            return;
        }
        int code = error.path("error_code").asInt(-1);
        if (REFUSALS.contains(code)) {
            throw new ProviderAnswered(401, "VK refused the user: error " + code);
        }
        throw new ProviderFailed("VK API error " + code);
    }
}
