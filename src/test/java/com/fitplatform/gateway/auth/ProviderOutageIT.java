package com.fitplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fitplatform.gateway.common.resilience.ResiliencePolicies;
import com.fitplatform.gateway.support.GatewayClient.Response;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A provider that is down: 503 problem+json, no user half-created, the breaker opens. */
class ProviderOutageIT extends SignInTestSupport {

    @Autowired
    ResiliencePolicies policies;

    @AfterEach
    void heal() {
        for (String fake : new String[] {"yandex", "google"}) {
            gateway().request("DELETE", "/sandbox/_faults/" + fake, null).send();
            policies.breaker(fake).reset();
        }
    }

    private void down(String fake) {
        Response set = gateway()
                .request("PUT", "/sandbox/_faults/" + fake, "{\"mode\":\"down\"}")
                .header("Content-Type", "application/json")
                .send();
        assertThat(set.status()).isEqualTo(200);
    }

    @Test
    void shouldAnswer503AndOpenTheBreakerWhenYandexIsDown() {
        String token = gateway()
                .post("/sandbox/yandex/_mint?login_hint=" + unique("down"), "")
                .send()
                .json()
                .path("accessToken")
                .asText();
        long users = count("select count(*) from auth_user");
        down("yandex");

        Response first = nativeSignIn("yandex", "{\"accessToken\":\"" + token + "\"}", newAddress());
        for (int i = 0; i < 10 && policies.breaker("yandex").getState() != CircuitBreaker.State.OPEN; i++) {
            nativeSignIn("yandex", "{\"accessToken\":\"" + token + "\"}", newAddress());
        }
        Response whileOpen = nativeSignIn("yandex", "{\"accessToken\":\"" + token + "\"}", newAddress());

        assertProblem(first, 503, "service-unavailable");
        assertThat(policies.breaker("yandex").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertProblem(whileOpen, 503, "service-unavailable");
        assertThat(whileOpen.json().path("detail").asText()).contains("circuit open");
        assertThat(count("select count(*) from auth_user")).isEqualTo(users);
    }

    @Test
    void shouldKeepVerifyingGoogleTokensFromCachedKeysWhileGoogleIsDown() throws Exception {
        assertSignedIn(nativeGoogle(unique("warm"), "n", newAddress()));
        down("google");

        Response duringOutage = nativeGoogle(unique("cached"), "n", newAddress());

        assertSignedIn(duringOutage);
    }
}
