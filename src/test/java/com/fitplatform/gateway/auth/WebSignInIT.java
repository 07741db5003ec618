package com.fitplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fitplatform.gateway.support.GatewayClient.Response;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The browser flow end to end against the sandbox fakes: authorize, the provider, the callback. */
class WebSignInIT extends SignInTestSupport {

    private String callbackUri(String provider) {
        return "http://127.0.0.1:" + PORT + "/api/auth/oauth/" + provider + "/callback";
    }

    private Response authorize(String provider, String hint) {
        return gateway()
                .get("/api/auth/oauth/" + provider + "/authorize?redirect_uri="
                        + SignInHttp.encode(callbackUri(provider)) + "&login_hint=" + hint)
                .send();
    }

    /** Authorize, then let the fake sign the hinted user in: the provider's redirect back. */
    private String providerRedirect(String provider, String hint) {
        Response start = authorize(provider, hint);
        assertThat(start.status()).as(start.toString()).isEqualTo(302);
        Response atProvider = gateway().get(local(start.header("Location"))).send();
        assertThat(atProvider.status()).as(atProvider.toString()).isEqualTo(302);
        return atProvider.header("Location");
    }

    @ParameterizedTest
    @ValueSource(strings = {"google", "yandex", "vk"})
    void shouldSignInThroughTheWebFlowWhenTheProviderRedirectsBack(String provider) throws Exception {
        String back = providerRedirect(provider, unique("web"));
        String address = newAddress();

        Response signedIn =
                gateway().get(local(back)).header("X-Forwarded-For", address).send();
        Response replayed =
                gateway().get(local(back)).header("X-Forwarded-For", address).send();

        assertThat(back).startsWith(callbackUri(provider));
        assertSignedIn(signedIn);
        assertThat(signedIn.json().path("newUser").asBoolean()).isTrue();
        UUID user = UUID.fromString(signedIn.json().path("userId").asText());
        assertThat(count("select count(*) from auth_identity where user_id = ? and provider = ?", user, provider))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from outbox_event where event_type = 'user.created' and aggregate_id = ?",
                        user.toString()))
                .isEqualTo(1);
        assertProblem(replayed, 401, "unauthenticated");
    }

    @Test
    void shouldSendStateNonceAndPkceToTheProvider() {
        Response google = authorize("google", "x");
        Response apple = authorize("apple", "x");

        Map<String, String> query = query(google.header("Location"));
        assertThat(google.header("Location"))
                .startsWith("http://127.0.0.1:" + PORT + "/sandbox/google/o/oauth2/v2/auth?");
        assertThat(query)
                .containsKeys("state", "nonce", "code_challenge")
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("client_id", GOOGLE_CLIENT)
                .containsEntry("response_type", "code");
        assertThat(query(apple.header("Location")))
                .containsEntry("response_mode", "form_post")
                .doesNotContainKey("code_challenge");
        assertThat(count("select count(*) from auth_state where state_hash = ?", Secrets.sha256Hex(query.get("state"))))
                .isEqualTo(1);
    }

    @Test
    void shouldSignInWithAppleByFormPostAndKeepTheNameFromTheFirstTimeOnly() throws Exception {
        String hint = unique("apple");
        Response first = applePost(hint);
        Response second = applePost(hint);

        assertSignedIn(first);
        assertSignedIn(second);
        assertThat(second.json().path("userId").asText())
                .isEqualTo(first.json().path("userId").asText());
        Map<String, Object> identity = jdbc.queryForMap(
                "select given_name, family_name from auth_identity where user_id = ?",
                UUID.fromString(first.json().path("userId").asText()));
        assertThat(identity).containsEntry("given_name", "Sandbox").containsEntry("family_name", "Apple");
    }

    private Response applePost(String hint) {
        Response start = authorize("apple", hint);
        Response page = gateway().get(local(start.header("Location"))).send();
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        Map<String, String> fields = formFields(page.body());
        assertThat(fields).containsKeys("code", "state", "id_token");
        String form = fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + SignInHttp.encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return gateway()
                .request("POST", "/api/auth/oauth/apple/callback", form)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", newAddress())
                .send();
    }

    @Test
    void shouldRefuseUnknownStateAndStateOfAnotherProvider() {
        String back = providerRedirect("google", unique("web"));
        Map<String, String> params = query(back);

        Response unknown = gateway()
                .get("/api/auth/oauth/google/callback?code=abc&state=nope")
                .header("X-Forwarded-For", newAddress())
                .send();
        Response crossed = gateway()
                .get("/api/auth/oauth/yandex/callback?code=" + params.get("code") + "&state=" + params.get("state"))
                .header("X-Forwarded-For", newAddress())
                .send();
        Response afterCrossing = gateway()
                .get(local(back))
                .header("X-Forwarded-For", newAddress())
                .send();

        assertProblem(unknown, 401, "unauthenticated");
        assertProblem(crossed, 401, "unauthenticated");
        assertProblem(afterCrossing, 401, "unauthenticated");
    }

    @Test
    void shouldRefuseAnExpiredState() {
        String back = providerRedirect("google", unique("late"));
        String state = query(back).get("state");
        jdbc.update(
                "update auth_state set expires_at = now() - interval '1 second' where state_hash = ?",
                Secrets.sha256Hex(state));

        Response late = gateway()
                .get(local(back))
                .header("X-Forwarded-For", newAddress())
                .send();

        assertProblem(late, 401, "unauthenticated");
        assertThat(count("select count(*) from auth_state where state_hash = ?", Secrets.sha256Hex(state)))
                .isZero();
    }

    @Test
    void shouldRefuseARedirectUriOutsideTheAllowList() {
        Response evil = gateway()
                .get("/api/auth/oauth/google/authorize?redirect_uri=" + SignInHttp.encode("https://evil.example/cb"))
                .send();
        Response missing = gateway().get("/api/auth/oauth/google/authorize").send();
        Response unknownProvider = gateway()
                .get("/api/auth/oauth/myspace/authorize?redirect_uri=" + SignInHttp.encode(callbackUri("google")))
                .send();

        assertProblem(evil, 400, "invalid-request");
        assertProblem(missing, 400, "invalid-request");
        assertProblem(unknownProvider, 404, "not-found");
    }

    @Test
    void shouldRefuseAProviderErrorAndAForgedCode() {
        String back = providerRedirect("google", unique("web"));
        String state = query(back).get("state");

        Response forged = gateway()
                .get("/api/auth/oauth/google/callback?code=forged&state=" + state)
                .header("X-Forwarded-For", newAddress())
                .send();

        assertProblem(forged, 401, "unauthenticated");
    }
}
