package com.fitplatform.gateway.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fitplatform.gateway.support.GatewayClient.Response;
import com.fitplatform.gateway.support.GatewayIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the gateway publishes without a token: its OpenAPI document and its JWKS. */
class PublishedDocumentsIT extends GatewayIntegrationTest {

    @Test
    void theOpenApiDocumentDescribesTheApiWithoutABindAddressAsServer() {
        Response response = gateway().get("/openapi.json").send();

        assertThat(response.status()).isEqualTo(200);
        JsonNode document = response.json();
        assertThat(document.path("openapi").asText()).startsWith("3.");
        assertThat(document.at("/info/title").asText()).isEqualTo("Integration gateway");
        List<String> paths = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/api/subscriptions", "/api/payments/{id}", "/.well-known/jwks.json");
        // A client generated from the document must not be pointed at the listen-all address.
        assertThat(document.path("servers").toString()).doesNotContain("0.0.0.0");
    }

    @Test
    void theJwksIsCacheableWithOneCacheControlHeader() {
        Response response = gateway().get("/.well-known/jwks.json").send();

        assertThat(response.status()).isEqualTo(200);
        List<String> cacheControl = response.raw().headers().allValues("Cache-Control");
        assertThat(cacheControl).containsExactly("public, max-age=300");
        assertThat(response.json().path("keys").size()).isGreaterThan(0);
        assertThat(response.body()).doesNotContain("\"d\"");
    }
}
