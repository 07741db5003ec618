package com.fitplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.MockOidcIssuer;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;

/**
 * Sign-in against a real OIDC issuer (mock-oauth2-server): the gateway's {@code google-mock}
 * provider is configured by nothing but the issuer's discovery URL, so issuer, authorize and token
 * endpoints and the signing keys all come from the issuer itself.
 */
class MockOidcSignInIT extends SignInTestSupport {

    private static final String PROVIDER = "google-mock";
    private static final String CLIENT = "mock-google-client";

    private final MockOAuth2Server issuer = MockOidcIssuer.server();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DefaultOAuth2TokenCallback user(String issuerId, String sub, String audience) {
        return new DefaultOAuth2TokenCallback(
                issuerId,
                sub,
                JOSEObjectType.JWT.getType(),
                List.of(audience),
                Map.of("email", sub + "@mock.example", "email_verified", true),
                3600);
    }

    /**
     * An ID token as a mobile app gets it: the authorization code flow with the app's own client
     * id and nonce, run against the issuer itself.
     */
    private String appIdToken(String issuerId, String clientId, String sub, String nonce) throws Exception {
        String redirect = "http://127.0.0.1/app-callback";
        issuer.enqueueCallback(user(issuerId, sub, clientId));
        String authorize = issuer.authorizationEndpointUrl(issuerId) + "?response_type=code&scope=openid%20email"
                + "&client_id=" + clientId + "&redirect_uri=" + SignInHttp.encode(redirect) + "&state=s&nonce="
                + nonce;
        HttpResponse<String> redirected =
                HTTP.send(HttpRequest.newBuilder(URI.create(authorize)).build(), HttpResponse.BodyHandlers.ofString());
        String code =
                query(redirected.headers().firstValue("Location").orElseThrow()).get("code");
        String form = SignInHttp.form(Map.of(
                "grant_type", "authorization_code",
                "code", code,
                "redirect_uri", redirect,
                "client_id", clientId,
                "client_secret", "app-secret"));
        HttpResponse<String> tokens = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(issuer.tokenEndpointUrl(issuerId).toString()))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return new ObjectMapper().readTree(tokens.body()).path("id_token").asText();
    }

    @Test
    void shouldSignInNativelyWithAnIdTokenOfTheDiscoveredIssuer() throws Exception {
        String sub = unique("mock");

        Response first = nativeSignIn(
                PROVIDER, idTokenBody(appIdToken(MockOidcIssuer.ISSUER_ID, CLIENT, sub, "n1"), "n1"), newAddress());
        Response again = nativeSignIn(
                PROVIDER, idTokenBody(appIdToken(MockOidcIssuer.ISSUER_ID, CLIENT, sub, "n2"), "n2"), newAddress());

        JWTClaimsSet claims = assertSignedIn(first);
        assertSignedIn(again);
        assertThat(again.json().path("userId").asText()).isEqualTo(claims.getSubject());
        assertThat(count("select count(*) from auth_identity where provider = ? and subject = ?", PROVIDER, sub))
                .isEqualTo(1);
    }

    @Test
    void shouldRefuseTokensOfAnotherIssuerAudienceOrNonceFromTheSameServer() throws Exception {
        String sub = unique("mock-bad");

        Response otherIssuer =
                nativeSignIn(PROVIDER, idTokenBody(appIdToken("other-issuer", CLIENT, sub, "n"), "n"), newAddress());
        Response otherAudience = nativeSignIn(
                PROVIDER,
                idTokenBody(appIdToken(MockOidcIssuer.ISSUER_ID, "someone-else", sub, "n"), "n"),
                newAddress());
        Response otherNonce = nativeSignIn(
                PROVIDER, idTokenBody(appIdToken(MockOidcIssuer.ISSUER_ID, CLIENT, sub, "n"), "m"), newAddress());

        assertProblem(otherIssuer, 401, "unauthenticated");
        assertProblem(otherAudience, 401, "unauthenticated");
        assertProblem(otherNonce, 401, "unauthenticated");
        assertThat(count("select count(*) from auth_identity where subject = ?", sub))
                .isZero();
    }

    @Test
    void shouldSignInThroughTheWebFlowAtTheDiscoveredEndpoints() throws Exception {
        String sub = unique("mock-web");
        String callback = "http://127.0.0.1:" + PORT + "/api/auth/oauth/" + PROVIDER + "/callback";
        Response start = gateway()
                .get("/api/auth/oauth/" + PROVIDER + "/authorize?redirect_uri=" + SignInHttp.encode(callback))
                .send();
        String authorizeUrl = start.header("Location");
        issuer.enqueueCallback(user(MockOidcIssuer.ISSUER_ID, sub, CLIENT));

        HttpResponse<String> atIssuer = HTTP.send(
                HttpRequest.newBuilder(URI.create(authorizeUrl)).build(), HttpResponse.BodyHandlers.ofString());
        String back = atIssuer.headers().firstValue("Location").orElseThrow();
        Response signedIn = gateway()
                .get(local(back))
                .header("X-Forwarded-For", newAddress())
                .send();

        assertThat(start.status()).as(start.toString()).isEqualTo(302);
        assertThat(authorizeUrl)
                .startsWith(issuer.authorizationEndpointUrl(MockOidcIssuer.ISSUER_ID)
                        .toString());
        assertThat(query(authorizeUrl))
                .containsEntry("client_id", CLIENT)
                .containsEntry("code_challenge_method", "S256")
                .containsKeys("state", "nonce", "code_challenge");
        assertThat(atIssuer.statusCode()).isEqualTo(302);
        assertThat(back).startsWith(callback);
        assertSignedIn(signedIn);
        UUID user = UUID.fromString(signedIn.json().path("userId").asText());
        assertThat(jdbc.queryForObject(
                        "select subject from auth_identity where user_id = ? and provider = ?",
                        String.class,
                        user,
                        PROVIDER))
                .isEqualTo(sub);
    }
}
