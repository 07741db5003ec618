package com.fitplatform.gateway.common.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import com.fitplatform.gateway.common.audit.IntegrationAudit;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The policy table at work on a real breaker and real timeouts; only the clock of retries is recorded. */
class ResilientCallsTest {

    private final List<Long> sleeps = new ArrayList<>();
    private final ManualReview manualReview = mock(ManualReview.class);

    private ResilientCalls calls(ResilienceProperties.Settings settings) {
        ResilienceProperties properties = new ResilienceProperties(1.0, Map.of(), Map.of("svc", settings));
        ResiliencePolicies policies =
                new ResiliencePolicies(properties, mock(IntegrationAudit.class), new SimpleMeterRegistry());
        return new ResilientCalls(policies, mock(IntegrationAudit.class), manualReview, sleeps::add);
    }

    private static ResilienceProperties.Settings policy(RetryRule rule, Duration open, Duration reopen) {
        return new ResilienceProperties.Settings(
                null, Duration.ofMillis(300), null, rule, null, null, null, open, reopen, null, null);
    }

    @Test
    void shouldRetryIdempotentCallsOnTheOneFourNineSixteenSchedule() throws Exception {
        ResilientCalls calls =
                calls(policy(RetryRule.IDEMPOTENT_ONLY, Duration.ofSeconds(60), Duration.ofSeconds(120)));
        AtomicInteger attempts = new AtomicInteger();

        String answer = calls.call(ResilientCalls.Call.read("svc", "get"), () -> {
            if (attempts.incrementAndGet() < 5) {
                throw new IOException("connection reset");
            }
            return "ok";
        });

        assertThat(answer).isEqualTo("ok");
        assertThat(attempts).hasValue(5);
        assertThat(sleeps).containsExactly(1000L, 4000L, 9000L, 16000L);
    }

    @Test
    void shouldGiveUpAfterFourRetries() {
        ResilientCalls calls =
                calls(policy(RetryRule.IDEMPOTENT_ONLY, Duration.ofSeconds(60), Duration.ofSeconds(120)));
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> calls.call(ResilientCalls.Call.read("svc", "get"), () -> {
                    attempts.incrementAndGet();
                    throw new IOException("down");
                }))
                .isInstanceOf(IOException.class);
        assertThat(attempts).hasValue(5);
    }

    @Test
    void shouldNeverRetryAPostWithoutIdempotencyKeyAndSendItToManualReview() {
        ResilientCalls calls =
                calls(policy(RetryRule.IDEMPOTENT_ONLY, Duration.ofSeconds(60), Duration.ofSeconds(120)));
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> calls.call(ResilientCalls.Call.unrepeatable("svc", "post"), () -> {
                    attempts.incrementAndGet();
                    Thread.sleep(1000);
                    return "late";
                }))
                .isInstanceOf(TimeoutException.class);
        assertThat(attempts).hasValue(1);
        assertThat(sleeps).isEmpty();
        verify(manualReview).submit(any(), any());
    }

    @Test
    void shouldRetryAPostThatCarriesAnIdempotencyKeyWhenThePolicyRequiresOne() throws Exception {
        ResilientCalls calls =
                calls(policy(RetryRule.WITH_IDEMPOTENCY_KEY, Duration.ofSeconds(60), Duration.ofSeconds(120)));
        AtomicInteger attempts = new AtomicInteger();

        calls.call(ResilientCalls.Call.withIdempotencyKey("svc", "charge", "attempt-1"), () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IOException("reset");
            }
            return "ok";
        });

        assertThat(attempts).hasValue(2);
        verify(manualReview, never()).submit(any(), any());
    }

    @Test
    void shouldNotRetryOrCountAnAnswerFromAHealthyService() {
        ResilientCalls calls =
                calls(policy(RetryRule.IDEMPOTENT_ONLY, Duration.ofSeconds(60), Duration.ofSeconds(120)));

        for (int i = 0; i < 12; i++) {
            assertThatThrownBy(() -> calls.call(ResilientCalls.Call.read("svc", "get"), () -> {
                        throw new Declined();
                    }))
                    .isInstanceOf(Declined.class);
        }

        assertThat(sleeps).isEmpty();
    }

    @Test
    void shouldHonourTheTimeout() {
        ResilientCalls calls = calls(policy(RetryRule.NONE, Duration.ofSeconds(60), Duration.ofSeconds(120)));
        long started = System.nanoTime();

        assertThatThrownBy(() -> calls.call(ResilientCalls.Call.read("svc", "slow"), () -> {
                    Thread.sleep(20_000);
                    return "late";
                }))
                .isInstanceOf(TimeoutException.class);

        // The timeout is 300 ms; the bound is loose so a loaded machine cannot fail it, yet far
        // below the 20 s the call would take without the timeout.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldOpenAfterMoreThanHalfOfTenCallsFailThenReopenLongerAfterAFailedTrial() throws Exception {
        ResilienceProperties properties = new ResilienceProperties(
                1.0, Map.of(), Map.of("svc", policy(RetryRule.NONE, Duration.ofSeconds(2), Duration.ofSeconds(5))));
        ResiliencePolicies policies =
                new ResiliencePolicies(properties, mock(IntegrationAudit.class), new SimpleMeterRegistry());
        ResilientCalls calls = new ResilientCalls(policies, mock(IntegrationAudit.class), manualReview, sleeps::add);
        CircuitBreaker breaker = policies.breaker("svc");
        AtomicInteger reached = new AtomicInteger();

        // 5 successes, then 5 failures: exactly half failed, not more, so the breaker stays closed.
        for (int i = 0; i < 10; i++) {
            call(calls, reached, i >= 5);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        // One more failure pushes the oldest success out: 6 of the last 10 failed.
        call(calls, reached, true);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        // Open: calls go nowhere.
        int before = reached.get();
        assertThatThrownBy(() -> calls.call(ResilientCalls.Call.read("svc", "x"), () -> reached.incrementAndGet()))
                .isInstanceOf(CallNotPermittedException.class);
        assertThat(reached).hasValue(before);

        // After the open duration: half-open, one trial; it fails and re-opens for the longer time.
        await().atMost(Duration.ofSeconds(15)).until(() -> breaker.getState() == CircuitBreaker.State.HALF_OPEN);
        call(calls, reached, true);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        long reopened = System.nanoTime();
        await().atMost(Duration.ofSeconds(15)).until(() -> breaker.getState() == CircuitBreaker.State.HALF_OPEN);
        assertThat(Duration.ofNanos(System.nanoTime() - reopened)).isGreaterThanOrEqualTo(Duration.ofMillis(4500));

        // A successful trial closes it.
        call(calls, reached, false);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private static void call(ResilientCalls calls, AtomicInteger reached, boolean fail) {
        try {
            calls.call(ResilientCalls.Call.read("svc", "x"), () -> {
                reached.incrementAndGet();
                if (fail) {
                    throw new IOException("boom");
                }
                return "ok";
            });
        } catch (Exception expected) {
            // counted by the breaker
        }
    }

    static final class Declined extends RuntimeException implements ServiceAnswered {}
}
