package com.fitplatform.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.common.security.CallerIdentityFilter;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The sign-in endpoints the {@code auth-*} routes call: web flow (authorize, callback), native
 * flow, email/password, refresh/logout and account linking. Login attempts are rate limited per
 * client address and per account before any user is created.
 */
@Component("signIn")
public class SignInEndpoints {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{1,63}");
    private static final int MAX_PASSWORD_BYTES = 72; // bcrypt reads no further

    private final ProviderClients providers;
    private final SignInState states;
    private final UserDirectory users;
    private final SessionTokens sessions;
    private final LoginRateLimit rateLimit;
    private final ClientAddress clientAddress;
    private final AuthProperties properties;
    private final ObjectMapper json;
    private final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder(10);
    private final String unknownAccountHash = passwords.encode(Secrets.random(16));

    public SignInEndpoints(
            ProviderClients providers,
            SignInState states,
            UserDirectory users,
            SessionTokens sessions,
            LoginRateLimit rateLimit,
            ClientAddress clientAddress,
            AuthProperties properties,
            ObjectMapper json) {
        this.providers = providers;
        this.states = states;
        this.users = users;
        this.sessions = sessions;
        this.rateLimit = rateLimit;
        this.clientAddress = clientAddress;
        this.properties = properties;
        this.json = json;
    }

    /** GET /api/auth/oauth/{provider}/authorize?redirect_uri=...: 302 to the provider. */
    public void authorize(Exchange exchange) {
        String name = exchange.getIn().getHeader("provider", String.class);
        AuthProperties.Provider provider = providers.provider(name);
        String redirectUri = exchange.getIn().getHeader("redirect_uri", String.class);
        if (redirectUri == null || !properties.redirectUris().contains(redirectUri)) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "redirect_uri is not an allowed redirect URI");
        }
        String nonce = Secrets.random(24);
        String verifier = provider.pkce() ? Secrets.random(48) : null;
        String state = states.begin(new SignInState.Pending(name, redirectUri, nonce, verifier));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", provider.clientId());
        query.put("redirect_uri", redirectUri);
        query.put("scope", provider.scope());
        query.put("state", state);
        query.put("nonce", nonce);
        if (verifier != null) {
            query.put("code_challenge", Secrets.s256(verifier));
            query.put("code_challenge_method", "S256");
        }
        if (provider.formPost()) {
            query.put("response_mode", "form_post");
        }
        if (ProviderClients.VK_CLASSIC.equals(provider.kind())) {
            query.put("display", "page");
            query.put("v", provider.apiVersion());
        }
        String loginHint = exchange.getIn().getHeader("login_hint", String.class);
        if (loginHint != null && loginHint.length() <= 200) {
            query.put("login_hint", loginHint);
        }
        String separator = provider.authorizeUri().contains("?") ? "&" : "?";
        var message = exchange.getMessage();
        message.removeHeaders("*", "X-Request-Id");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
        message.setHeader("Location", provider.authorizeUri() + separator + SignInHttp.form(query));
        message.setHeader("Cache-Control", "no-store");
        message.setBody("");
    }

    /** GET|POST /api/auth/oauth/{provider}/callback: code + state (Apple: form POST with user). */
    public Map<String, Object> callback(Exchange exchange) {
        String name = exchange.getIn().getHeader("provider", String.class);
        providers.provider(name);
        Map<String, String> params = callbackParams(exchange);
        if (params.get("error") != null) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "The provider reported a refused sign-in");
        }
        SignInState.Pending pending = states.redeem(name, params.get("state"));
        rateLimit.attemptFromAddress(clientAddress.of(exchange));
        String code = params.get("code");
        if (code == null || code.isBlank() || code.length() > 2048) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "code is required");
        }
        ProviderIdentity identity = providers.fromCode(name, params, pending);
        return complete(identity);
    }

    /** POST /api/auth/oauth/{provider}/token: {"idToken","nonce"} or {"accessToken"}. */
    public Map<String, Object> nativeToken(Exchange exchange) throws IOException {
        String name = exchange.getIn().getHeader("provider", String.class);
        providers.provider(name);
        JsonNode body = object(exchange.getIn().getBody(String.class));
        rateLimit.attemptFromAddress(clientAddress.of(exchange));
        return complete(identityFrom(name, body));
    }

    /** POST /api/auth/register: {"email","password","name"?}. */
    public Map<String, Object> register(Exchange exchange) throws IOException {
        JsonNode body = object(exchange.getIn().getBody(String.class));
        String email = email(body);
        String password = password(body);
        String displayName = body.path("name").asText(null);
        if (displayName != null && displayName.length() > 300) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "name is at most 300 characters");
        }
        rateLimit.attemptFromAddress(clientAddress.of(exchange));
        UserDirectory.SignedIn user = users.register(email, passwords.encode(password), displayName);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return withCreated(sessions.start(user.userId()), true);
    }

    /** POST /api/auth/login: {"email","password"}. */
    public Map<String, Object> login(Exchange exchange) throws IOException {
        JsonNode body = object(exchange.getIn().getBody(String.class));
        String email = email(body);
        String password = body.path("password").asText("");
        rateLimit.attemptFromAddress(clientAddress.of(exchange));
        rateLimit.attemptOnAccount(UserDirectory.PASSWORD, email.toLowerCase(Locale.ROOT));
        Map<String, Object> account = users.passwordAccount(email);
        String hash = account == null ? unknownAccountHash : (String) account.get("password_hash");
        boolean matches = password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES
                && passwords.matches(password, hash);
        if (account == null || !matches) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "Wrong email or password");
        }
        return withCreated(sessions.start(account.get("user_id").toString()), false);
    }

    /** POST /api/auth/refresh: {"refreshToken"}. */
    public Map<String, Object> refresh(Exchange exchange) throws IOException {
        return sessions.refresh(refreshToken(exchange));
    }

    /** POST /api/auth/logout: {"refreshToken"}; ends that session's family. */
    public Map<String, Object> logout(Exchange exchange) throws IOException {
        sessions.logout(refreshToken(exchange));
        return Map.of("loggedOut", true);
    }

    /** POST /api/auth/link/{provider} (user JWT): links the identity in the body. */
    public Map<String, Object> link(Exchange exchange) throws IOException {
        String userId = currentUser(exchange);
        String name = exchange.getIn().getHeader("provider", String.class);
        providers.provider(name);
        JsonNode body = object(exchange.getIn().getBody(String.class));
        List<String> linked = users.link(userId, identityFrom(name, body));
        return Map.of("userId", userId, "providers", linked);
    }

    /** DELETE /api/auth/link/{provider} (user JWT): never the last way in. */
    public Map<String, Object> unlink(Exchange exchange) {
        String userId = currentUser(exchange);
        String name = exchange.getIn().getHeader("provider", String.class);
        if (!UserDirectory.PASSWORD.equals(name)) {
            name = providers.provider(name).identityName(name);
        }
        return Map.of("userId", userId, "providers", users.unlink(userId, name));
    }

    private ProviderIdentity identityFrom(String name, JsonNode body) {
        if (body.hasNonNull("idToken")) {
            return providers.fromIdToken(
                    name, body.path("idToken").asText(), body.path("nonce").asText(null));
        }
        if (body.hasNonNull("accessToken")) {
            return providers.fromAccessToken(name, body.path("accessToken").asText());
        }
        throw new ProblemException(ProblemType.INVALID_REQUEST, "Send {\"idToken\",\"nonce\"} or {\"accessToken\"}");
    }

    private Map<String, Object> complete(ProviderIdentity identity) {
        rateLimit.attemptOnAccount(identity.provider(), identity.subject());
        UserDirectory.SignedIn user = users.signIn(identity);
        return withCreated(sessions.start(user.userId()), user.created());
    }

    private static Map<String, Object> withCreated(Map<String, Object> tokens, boolean created) {
        Map<String, Object> answer = new LinkedHashMap<>(tokens);
        answer.put("newUser", created);
        return answer;
    }

    private static String currentUser(Exchange exchange) {
        String subject = exchange.getIn().getHeader(CallerIdentityFilter.SUBJECT, String.class);
        String roles = exchange.getIn().getHeader(CallerIdentityFilter.ROLES, String.class);
        if (subject == null || roles == null || !Arrays.asList(roles.split(" ")).contains("user")) {
            throw new ProblemException(ProblemType.FORBIDDEN, "A user's token is required");
        }
        return subject;
    }

    private String refreshToken(Exchange exchange) throws IOException {
        JsonNode body = object(exchange.getIn().getBody(String.class));
        String token = body.path("refreshToken").asText("");
        if (token.isBlank() || token.length() > 200) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "refreshToken is required");
        }
        return token;
    }

    private static String email(JsonNode body) {
        String email = body.path("email").asText("").trim();
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "email is not a valid address");
        }
        return email;
    }

    private static String password(JsonNode body) {
        String password = body.path("password").asText("");
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (password.length() < 8 || bytes > MAX_PASSWORD_BYTES) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "password must be 8 characters to 72 bytes long");
        }
        return password;
    }

    private JsonNode object(String body) throws IOException {
        JsonNode node = json.readTree(body == null || body.isBlank() ? "{}" : body);
        if (node == null || !node.isObject()) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body must be a JSON object");
        }
        return node;
    }

    /** Query parameters arrive as headers; a form POST body (Apple) is parsed when they did not. */
    private static Map<String, String> callbackParams(Exchange exchange) {
        Map<String, String> params = new HashMap<>();
        String body = exchange.getIn().getBody(String.class);
        String contentType = exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (body != null
                && !body.isBlank()
                && contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.putIfAbsent(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        for (String key : List.of("code", "state", "device_id", "user", "error", "id_token")) {
            if (!params.containsKey(key)) {
                // A form field can arrive twice (parameter map and body): the values are equal.
                Object value = exchange.getIn().getHeader(key);
                if (value instanceof java.util.Collection<?> values) {
                    value = values.isEmpty() ? null : values.iterator().next();
                }
                if (value != null) {
                    params.put(key, value.toString());
                }
            }
        }
        return params;
    }
}
