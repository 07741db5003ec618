package com.fitplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fitplatform.gateway.auth.vk.VkSandbox;
import com.fitplatform.gateway.common.resilience.ResiliencePolicies;
import com.fitplatform.gateway.support.GatewayClient.Response;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Classic VK (oauth.vk.com and users.get of VK's API) beside VK ID: one VK account is one user
 * whichever way it signs in, and VK's API errors, sent with HTTP 200, become 401 or 503.
 */
class VkSignInIT extends SignInTestSupport {

    @Autowired
    ResiliencePolicies policies;

    @AfterEach
    void heal() {
        gateway().request("DELETE", "/sandbox/_faults/vk", null).send();
        policies.breaker("vk").reset();
    }

    private static String vkUserId() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(200_000_000L, 900_000_000L));
    }

    private String accessToken(String userId) {
        return gateway()
                .post("/sandbox/vk/_mint?login_hint=" + userId, "")
                .send()
                .json()
                .path("accessToken")
                .asText();
    }

    @Test
    void shouldSignInThroughClassicVkAndFindTheSameUserThroughVkIdAndAnAppsAccessToken() throws Exception {
        String vkUser = vkUserId();
        String callback = "http://127.0.0.1:" + PORT + "/api/auth/oauth/vk-classic/callback";
        Response start = gateway()
                .get("/api/auth/oauth/vk-classic/authorize?redirect_uri=" + SignInHttp.encode(callback) + "&login_hint="
                        + vkUser)
                .send();
        Response atVk = gateway().get(local(start.header("Location"))).send();
        String back = atVk.header("Location");

        Response classic = gateway()
                .get(local(back))
                .header("X-Forwarded-For", newAddress())
                .send();
        Response replayed = gateway()
                .get(local(back))
                .header("X-Forwarded-For", newAddress())
                .send();
        Response vkId = nativeSignIn(
                "vk",
                idTokenBody(vk.issuer().idToken(VkSandbox.ISSUER, VK_CLIENT, vkUser, "n", Map.of()), "n"),
                newAddress());
        Response byAccessToken = nativeSignIn("vk", "{\"accessToken\":\"" + accessToken(vkUser) + "\"}", newAddress());
        Response byClassicAccessToken =
                nativeSignIn("vk-classic", "{\"accessToken\":\"" + accessToken(vkUser) + "\"}", newAddress());

        assertThat(start.header("Location")).startsWith("http://127.0.0.1:" + PORT + "/sandbox/vk/oauth/authorize?");
        assertThat(query(start.header("Location")))
                .containsEntry("client_id", VK_CLIENT)
                .containsEntry("response_type", "code")
                .containsEntry("scope", "email")
                .containsEntry("v", "5.199")
                .containsKey("state")
                .doesNotContainKey("code_challenge");
        assertThat(back).startsWith(callback);
        assertSignedIn(classic);
        assertThat(classic.json().path("newUser").asBoolean()).isTrue();
        assertProblem(replayed, 401, "unauthenticated");
        String user = classic.json().path("userId").asText();
        assertThat(jdbc.queryForMap(
                        "select provider, subject, email, family_name from auth_identity where user_id = ?",
                        UUID.fromString(user)))
                .containsEntry("provider", "vk")
                .containsEntry("subject", vkUser)
                .containsEntry("email", "id" + vkUser + "@vk.example")
                .containsEntry("family_name", "Vk" + vkUser);
        assertSignedIn(vkId);
        assertSignedIn(byAccessToken);
        assertSignedIn(byClassicAccessToken);
        assertThat(vkId.json().path("userId").asText()).isEqualTo(user);
        assertThat(byAccessToken.json().path("userId").asText()).isEqualTo(user);
        assertThat(byClassicAccessToken.json().path("userId").asText()).isEqualTo(user);
    }

    @Test
    void shouldCheckTheIdTokenVkIdReturnsFromTheCodeExchange() {
        String callback = "http://127.0.0.1:" + PORT + "/api/auth/oauth/vk/callback";
        String authorize = gateway()
                .get("/api/auth/oauth/vk/authorize?redirect_uri=" + SignInHttp.encode(callback) + "&login_hint="
                        + vkUserId())
                .send()
                .header("Location");
        String nonce = query(authorize).get("nonce");
        // Same state and PKCE challenge, but VK is told another nonce: its id_token carries that one.
        Response atVk = gateway()
                .get(local(authorize).replace("nonce=" + nonce, "nonce=tampered"))
                .send();

        Response signedIn = gateway()
                .get(local(atVk.header("Location")))
                .header("X-Forwarded-For", newAddress())
                .send();

        assertThat(local(authorize)).contains("nonce=" + nonce);
        assertProblem(signedIn, 401, "unauthenticated");
        assertThat(signedIn.json().path("detail").asText()).contains("nonce");
    }

    @Test
    void shouldRefuseATokenVkRejectsWithoutCountingItAgainstTheBreaker() {
        long failedBefore = policies.breaker("vk").getMetrics().getNumberOfFailedCalls();

        Response forged = nativeSignIn("vk", "{\"accessToken\":\"vk1.a.forged\"}", newAddress());
        Response forgedCode = gateway()
                .get("/api/auth/oauth/vk-classic/callback?code=forged&state="
                        + query(gateway()
                                        .get("/api/auth/oauth/vk-classic/authorize?redirect_uri="
                                                + SignInHttp.encode("http://127.0.0.1:" + PORT
                                                        + "/api/auth/oauth/vk-classic/callback"))
                                        .send()
                                        .header("Location"))
                                .get("state"))
                .header("X-Forwarded-For", newAddress())
                .send();

        assertProblem(forged, 401, "unauthenticated");
        assertProblem(forgedCode, 401, "unauthenticated");
        assertThat(forged.body()).doesNotContain("vk1.a.forged");
        assertThat(policies.breaker("vk").getMetrics().getNumberOfFailedCalls()).isEqualTo(failedBefore);
    }

    @Test
    void shouldAnswer503AndOpenTheBreakerWhenVksApiReportsItsOwnFailure() {
        String vkUser = vkUserId();
        String token = accessToken(vkUser);
        long users = count("select count(*) from auth_user");
        gateway()
                .request("PUT", "/sandbox/_faults/vk", "{\"mode\":\"fail\"}")
                .header("Content-Type", "application/json")
                .send();
        Response vkAnswer = gateway()
                .post("/sandbox/vk/method/users.get?v=5.199&access_token=" + token, "")
                .send();

        Response first = nativeSignIn("vk", "{\"accessToken\":\"" + token + "\"}", newAddress());
        for (int i = 0; i < 12 && policies.breaker("vk").getState() != CircuitBreaker.State.OPEN; i++) {
            nativeSignIn("vk", "{\"accessToken\":\"" + token + "\"}", newAddress());
        }
        Response whileOpen = nativeSignIn("vk", "{\"accessToken\":\"" + token + "\"}", newAddress());

        assertThat(vkAnswer.status()).isEqualTo(200);
        assertThat(vkAnswer.json().path("error").path("error_code").asInt()).isEqualTo(10);
        assertProblem(first, 503, "service-unavailable");
        assertThat(policies.breaker("vk").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertProblem(whileOpen, 503, "service-unavailable");
        assertThat(whileOpen.json().path("detail").asText()).contains("circuit open");
        assertThat(count("select count(*) from auth_identity where provider = 'vk' and subject = ?", vkUser))
                .isZero();
        assertThat(count("select count(*) from auth_user")).isEqualTo(users);
    }

    @Test
    void shouldHaveTheFakeInsistOnTheApiVersionAndAToken() {
        Response noVersion = gateway()
                .post("/sandbox/vk/method/users.get?access_token=" + accessToken(vkUserId()), "")
                .send();
        Response noToken =
                gateway().post("/sandbox/vk/method/users.get?v=5.199", "").send();

        assertThat(noVersion.status()).isEqualTo(200);
        assertThat(noVersion.json().path("error").path("error_code").asInt()).isEqualTo(8);
        assertThat(noToken.json().path("error").path("error_code").asInt()).isEqualTo(5);
        assertThat(noToken.json().path("error").path("error_msg").asText()).startsWith("User authorization failed");
    }
}
