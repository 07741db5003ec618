package com.fitplatform.gateway.common.resilience;

import com.fitplatform.gateway.common.audit.IntegrationAudit;
import com.fitplatform.gateway.common.requestid.RequestIds;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Runs an outbound call under its service's policy: inside the breaker, bounded by the timeout,
 * retried on the schedule only when the call may be repeated, audited each attempt. A call that
 * may not be repeated and whose outcome is unknown goes to manual review instead.
 */
@Component
public class ResilientCalls implements DisposableBean {

    /** What kind of call this is, which decides whether it may be retried. */
    public record Call(String service, String operation, boolean idempotent, String idempotencyKey) {

        public static Call read(String service, String operation) {
            return new Call(service, operation, true, null);
        }

        public static Call withIdempotencyKey(String service, String operation, String idempotencyKey) {
            if (idempotencyKey == null || idempotencyKey.isBlank()) {
                throw new IllegalArgumentException("An idempotency key must be stable and non-empty");
            }
            return new Call(service, operation, false, idempotencyKey);
        }

        public static Call unrepeatable(String service, String operation) {
            return new Call(service, operation, false, null);
        }
    }

    private final ResiliencePolicies policies;
    private final IntegrationAudit audit;
    private final ManualReview manualReview;
    private final ExecutorService callers;
    private final Sleeper sleeper;

    @Autowired
    public ResilientCalls(ResiliencePolicies policies, IntegrationAudit audit, ManualReview manualReview) {
        this(policies, audit, manualReview, Thread::sleep);
    }

    ResilientCalls(ResiliencePolicies policies, IntegrationAudit audit, ManualReview manualReview, Sleeper sleeper) {
        this.policies = policies;
        this.audit = audit;
        this.manualReview = manualReview;
        this.sleeper = sleeper;
        AtomicInteger counter = new AtomicInteger();
        this.callers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "outbound-call-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Waits between retries; replaced in tests that check the schedule. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    public <T> T call(Call call, Callable<T> work) throws Exception {
        ServicePolicy policy = policies.policy(call.service());
        CircuitBreaker breaker = policies.breaker(call.service());
        boolean mayRetry = policy.mayRetry(call.idempotent(), call.idempotencyKey() != null);
        int attempt = 0;
        while (true) {
            try {
                return attempt(call, policy, breaker, work);
            } catch (Exception failure) {
                boolean retryable = !(failure instanceof ServiceAnswered)
                        && !(failure instanceof CallNotPermittedException)
                        && mayRetry
                        && attempt < policy.retryDelays().size();
                if (!retryable) {
                    if (!mayRetry && outcomeUnknown(failure)) {
                        manualReview.submit(call, failure);
                    }
                    throw failure;
                }
                sleeper.sleep(policy.retryDelays().get(attempt).toMillis());
                attempt++;
            }
        }
    }

    private <T> T attempt(Call call, ServicePolicy policy, CircuitBreaker breaker, Callable<T> work) throws Exception {
        long started = System.nanoTime();
        String requestId = RequestIds.current();
        try {
            T result = breaker.executeCallable(() -> withTimeout(policy.timeout(), requestId, work));
            audit.outbound(call.service(), call.operation(), elapsed(started), "ok", null, null);
            return result;
        } catch (Exception failure) {
            audit.outbound(
                    call.service(),
                    call.operation(),
                    elapsed(started),
                    failure instanceof ServiceAnswered ? "answered" : "failed",
                    failure.getClass().getSimpleName(),
                    failure.getMessage());
            throw failure;
        }
    }

    private <T> T withTimeout(Duration timeout, String requestId, Callable<T> work) throws Exception {
        CompletableFuture<T> future = CompletableFuture.supplyAsync(
                () -> {
                    if (requestId != null) {
                        MDC.put(RequestIds.MDC_KEY, requestId);
                    }
                    try {
                        return work.call();
                    } catch (Exception e) {
                        throw new CallFailed(e);
                    } finally {
                        MDC.remove(RequestIds.MDC_KEY);
                    }
                },
                callers);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new TimeoutException("No answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CallFailed failed ? failed.getCause() : e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw (Error) cause;
        }
    }

    /** A timeout or I/O failure after the request may have left: the service may have acted. */
    private static boolean outcomeUnknown(Exception failure) {
        return failure instanceof TimeoutException
                || failure instanceof java.io.IOException && !(failure instanceof java.net.ConnectException);
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Override
    public void destroy() {
        callers.shutdownNow();
    }

    private static final class CallFailed extends RuntimeException {
        CallFailed(Exception cause) {
            super(cause);
        }
    }
}
