package com.fitplatform.gateway.common.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import com.fitplatform.gateway.common.audit.IntegrationAudit;
import com.fitplatform.gateway.common.resilience.ProviderHttp.Answer;
import com.fitplatform.gateway.common.resilience.ProviderHttp.ProviderFailed;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How every Java integration reads a provider's status codes, against a real HTTP server. */
class ProviderHttpTest {

    private final List<Long> sleeps = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;
    private ProviderHttp http;
    private volatile int status;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"status\":%d}".formatted(status).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Fitbit-Rate-Limit-Reset", "42");
            if (status >= 300 && status < 400) {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
            }
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        ResilienceProperties.Settings settings = new ResilienceProperties.Settings(
                null,
                Duration.ofSeconds(2),
                null,
                RetryRule.IDEMPOTENT_ONLY,
                null,
                null,
                null,
                Duration.ofSeconds(60),
                Duration.ofSeconds(120),
                null,
                null);
        ResiliencePolicies policies = new ResiliencePolicies(
                new ResilienceProperties(1.0, Map.of(), Map.of("svc", settings)),
                mock(IntegrationAudit.class),
                new SimpleMeterRegistry());
        http = new ProviderHttp(
                new ResilientCalls(policies, mock(IntegrationAudit.class), mock(ManualReview.class), sleeps::add));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Answer get() throws Exception {
        return http.send(
                ResilientCalls.Call.read("svc", "get"),
                ProviderHttp.request("http://127.0.0.1:" + server.getAddress().getPort() + "/data")
                        .GET()
                        .build());
    }

    @Test
    void shouldReturnASuccessfulAnswerWithItsHeaders() throws Exception {
        status = 200;

        Answer answer = get();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"status\":200}");
        assertThat(answer.header("fitbit-rate-limit-reset")).isEqualTo("42");
    }

    @Test
    void shouldReturnARateLimitForTheCallerToWaitOut() throws Exception {
        status = 429;

        assertThat(get().status()).isEqualTo(429);
        assertThat(requests).hasValue(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409})
    void shouldTakeAClientErrorAsTheProvidersAnswerWithoutRetrying(int code) {
        status = code;

        assertThatThrownBy(this::get)
                .isInstanceOf(ProviderAnswered.class)
                .isInstanceOf(ServiceAnswered.class)
                .satisfies(e -> assertThat(((ProviderAnswered) e).status()).isEqualTo(code));
        assertThat(requests).hasValue(1);
        assertThat(sleeps).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 408, 302})
    void shouldTakeServerErrorsTimeoutsAndRedirectsAsTheProviderFailingAndRetryAReadOnSchedule(int code) {
        status = code;

        assertThatThrownBy(this::get).isInstanceOf(ProviderFailed.class).isNotInstanceOf(ServiceAnswered.class);
        assertThat(requests).hasValue(5);
        assertThat(sleeps).containsExactly(1000L, 4000L, 9000L, 16000L);
    }
}
