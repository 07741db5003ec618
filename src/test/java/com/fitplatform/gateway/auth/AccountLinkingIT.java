package com.fitplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fitplatform.gateway.auth.apple.AppleSandbox;
import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.Tokens;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Linking identities to a user, unlinking, automatic linking by verified email, no takeover. */
class AccountLinkingIT extends SignInTestSupport {

    @Autowired
    Tokens tokens;

    @Autowired
    AuthPersonalData personalData;

    private String appleToken(String sub, String email, String nonce) {
        return apple.issuer()
                .idToken(
                        AppleSandbox.ISSUER,
                        APPLE_CLIENT,
                        sub,
                        nonce,
                        Map.of(
                                "email",
                                email,
                                "email_verified",
                                "true",
                                "is_private_email",
                                email.endsWith("@privaterelay.appleid.com") ? "true" : "false"));
    }

    private Response link(String jwt, String provider, String body) {
        return gateway().post("/api/auth/link/" + provider, body).bearer(jwt).send();
    }

    @Test
    void shouldLinkUnlinkButNeverRemoveTheLastWayIn() throws Exception {
        Response alice = nativeGoogle(unique("alice"), "n", newAddress());
        String jwt = alice.json().path("accessToken").asText();
        String appleSub = "001." + unique("alice");

        Response linked = link(jwt, "apple", idTokenBody(appleToken(appleSub, "alice-other@icloud.example", "n"), "n"));
        Response again = link(jwt, "apple", idTokenBody(appleToken(appleSub, "alice-other@icloud.example", "n"), "n"));
        Response viaApple = nativeSignIn(
                "apple", idTokenBody(appleToken(appleSub, "alice-other@icloud.example", "n"), "n"), newAddress());
        Response unlinkGoogle = gateway()
                .request("DELETE", "/api/auth/link/google", null)
                .bearer(jwt)
                .send();
        Response unlinkLast = gateway()
                .request("DELETE", "/api/auth/link/apple", null)
                .bearer(jwt)
                .send();

        assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
        assertThat(linked.json().path("providers").toString()).isEqualTo("[\"apple\",\"google\"]");
        assertThat(again.status()).isEqualTo(200);
        assertThat(viaApple.json().path("userId").asText())
                .isEqualTo(alice.json().path("userId").asText());
        assertThat(unlinkGoogle.json().path("providers").toString()).isEqualTo("[\"apple\"]");
        assertProblem(unlinkLast, 409, "conflict");
    }

    @Test
    void shouldRefuseToTakeOverAnIdentityLinkedToAnotherUser() {
        String googleSub = unique("victim");
        nativeGoogle(googleSub, "n", newAddress());
        String attacker = nativeSignIn(
                        "apple",
                        idTokenBody(
                                appleToken("001." + unique("attacker"), unique("att") + "@icloud.example", "n"), "n"),
                        newAddress())
                .json()
                .path("accessToken")
                .asText();

        Response takeover = link(attacker, "google", idTokenBody(googleIdToken(googleSub, "n", Map.of()), "n"));

        assertProblem(takeover, 409, "conflict");
        assertThat(count("select count(*) from auth_identity where provider = 'google' and subject = ?", googleSub))
                .isEqualTo(1);
    }

    @Test
    void shouldRequireAUsersTokenToLink() {
        String body = idTokenBody(googleIdToken(unique("x"), "n", Map.of()), "n");

        assertProblem(gateway().post("/api/auth/link/google", body).send(), 401, "unauthenticated");
        assertProblem(link(tokens.service("billing"), "google", body), 403, "forbidden");
        assertProblem(gateway().request("DELETE", "/api/auth/link/google", null).send(), 401, "unauthenticated");
    }

    @Test
    void shouldAutoLinkOnlyAVerifiedEmailAndNeverARelayAddressOrAnUnverifiedAccount() {
        String email = unique("shared") + "@example.com";
        String owner = nativeSignIn(
                        "google",
                        idTokenBody(
                                googleIdToken(unique("g"), "n", Map.of("email", email, "email_verified", true)), "n"),
                        newAddress())
                .json()
                .path("userId")
                .asText();

        Response sameVerified =
                nativeSignIn("apple", idTokenBody(appleToken("001." + unique("a"), email, "n"), "n"), newAddress());
        Response relay = nativeSignIn(
                "apple",
                idTokenBody(appleToken("001." + unique("r"), unique("x") + "@privaterelay.appleid.com", "n"), "n"),
                newAddress());
        Response unverified = nativeSignIn(
                "vk",
                idTokenBody(
                        vk.issuer()
                                .idToken(
                                        "https://id.vk.com",
                                        VK_CLIENT,
                                        "7" + System.nanoTime() % 100000,
                                        "n",
                                        Map.of("email", email, "email_verified", false)),
                        "n"),
                newAddress());

        assertThat(sameVerified.json().path("userId").asText()).isEqualTo(owner);
        assertThat(relay.json().path("userId").asText()).isNotEqualTo(owner);
        assertThat(unverified.json().path("userId").asText()).isNotEqualTo(owner);
    }

    @Test
    void shouldNotHandAPasswordAccountToWhoeverSignsInWithTheSameEmail() {
        String email = unique("squat") + "@example.com";
        String squatter = gateway()
                .post("/api/auth/register", "{\"email\":\"" + email + "\",\"password\":\"squatter pw\"}")
                .header("X-Forwarded-For", newAddress())
                .send()
                .json()
                .path("userId")
                .asText();

        Response real = nativeSignIn(
                "google",
                idTokenBody(googleIdToken(unique("g"), "n", Map.of("email", email, "email_verified", true)), "n"),
                newAddress());

        assertThat(real.json().path("userId").asText()).isNotEqualTo(squatter);
    }

    @Test
    void shouldExportAndEraseTheUsersSignInData() {
        String user = nativeGoogle(unique("gdpr"), "n", newAddress())
                .json()
                .path("userId")
                .asText();

        Map<String, Object> exported = personalData.export(user);
        Map<String, Object> erased = personalData.erase(user);

        assertThat(exported).containsKeys("profile", "identities", "sessions");
        assertThat(erased).containsEntry("identities", 1).containsEntry("refreshTokens", 1);
        assertThat(count("select count(*) from auth_user where id = ? and email is null", UUID.fromString(user)))
                .isEqualTo(1);
    }
}
