package com.fitplatform.gateway.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fitplatform.gateway.ai.personalization.PersonalizationSandbox;
import com.fitplatform.gateway.support.GatewayClient.Response;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The personalized content feed through the gateway against the sandbox personalization engine. */
class ContentFeedIT extends AiTestSupport {

    @Autowired
    PersonalizationSandbox fake;

    @Test
    void shouldAnswerFromTheEngineWhenItIsHealthy() {
        int before = fake.requests();

        Response response = feed("?userId=user-feed-1&limit=3&includeMetrics=true");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("source").asText()).isEqualTo("model");
        assertThat(response.json().path("items")).hasSize(3);
        assertThat(response.json().has("personalizedWithMetrics")).isFalse();
        assertThat(fake.requests()).isEqualTo(before + 1);
    }

    @Test
    void shouldServeTheNewestCatalogueContentWhenTheEngineIsDown() {
        fault("personalization", "{\"mode\":\"down\"}");

        Response response = feed("?userId=user-feed-2&limit=2");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("source").asText()).isEqualTo("fallback");
        assertThat(response.json().path("items").findValuesAsText("contentId"))
                .containsExactly("ct-heart-zones", "ct-mobility");
    }

    @Test
    void shouldAnswerWithinTheBudgetWhenTheEngineIsSlow() {
        fault("personalization", "{\"mode\":\"slow\",\"delayMillis\":5000}");

        var call = gateway()
                .get("/api/personalization/content-feed?userId=user-feed-3")
                .bearer(tokens.service("coach-app"));

        long started = System.nanoTime();
        Response response = call.send();
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.json().path("source").asText()).isEqualTo("fallback");
        assertThat(elapsedMillis).isLessThan(2500);
    }

    @Test
    void shouldServeTheFallbackForAMalformedAnswer() {
        Response response = feed("?userId=sandbox-malformed");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("source").asText()).isEqualTo("fallback");
        assertThat(response.body()).doesNotContain("html");
    }

    @Test
    void shouldRefuseABadQueryWithoutCallingTheEngine() {
        int before = fake.requests();

        for (String query : List.of(
                "",
                "?userId=",
                "?userId=u1&limit=0",
                "?userId=u1&limit=500",
                "?userId=u1&limit=x",
                "?userId=u1&includeMetrics=maybe",
                "?userId=%3Cscript%3E")) {
            Response response = feed(query);

            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        assertThat(fake.requests()).isEqualTo(before);
    }

    private Response feed(String query) {
        return gateway()
                .get("/api/personalization/content-feed" + query)
                .bearer(tokens.service("coach-app"))
                .send();
    }
}
