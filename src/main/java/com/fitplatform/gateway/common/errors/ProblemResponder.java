package com.fitplatform.gateway.common.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fitplatform.gateway.common.audit.InboundAuditFilter;
import com.fitplatform.gateway.common.requestid.RequestIds;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import jakarta.validation.ConstraintViolationException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns the exception that stopped an HTTP-facing route into the problem the caller receives.
 * Used by the {@code http-errors} route configuration; callers never see a stack trace.
 */
@Component("problemResponder")
public class ProblemResponder implements Processor {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponder.class);

    @Override
    public void process(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Problem problem = toProblem(error, exchange);
        if (problem.type().status() >= 500) {
            log.warn(
                    "Route {} failed: {}",
                    exchange.getFromRouteId(),
                    error == null ? "unknown" : error.toString(),
                    error);
        } else {
            log.info(
                    "Route {} refused the request: {} {}",
                    exchange.getFromRouteId(),
                    problem.type().status(),
                    problem.detail());
        }
        noteErrorForAudit(exchange, error);
        write(exchange, problem);
    }

    private static void noteErrorForAudit(Exchange exchange, Throwable error) {
        if (error != null && exchange.getIn() instanceof PlatformHttpMessage http && http.getRequest() != null) {
            http.getRequest()
                    .setAttribute(
                            InboundAuditFilter.ERROR_CLASS, error.getClass().getSimpleName());
        }
    }

    /** Answers the exchange with the given problem. */
    public static void write(Exchange exchange, Problem problem) {
        var message = exchange.getMessage();
        message.removeHeaders("*", RequestIds.HEADER);
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, problem.type().status());
        message.setHeader(Exchange.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (problem.extensions().get("retryAfterSeconds") instanceof Number seconds) {
            message.setHeader("Retry-After", seconds.longValue());
        }
        message.setBody(problem.toJson());
    }

    static Problem toProblem(Throwable error, Exchange exchange) {
        String requestId = exchange.getMessage().getHeader(RequestIds.HEADER, String.class);
        String instance = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        Throwable cause = rootProblem(error);
        if (cause instanceof ProblemException problem) {
            return new Problem(problem.type(), problem.getMessage(), instance, requestId, problem.extensions());
        }
        if (cause instanceof JsonProcessingException json) {
            String where = json.getLocation() == null
                    ? ""
                    : " at line " + json.getLocation().getLineNr() + ", column "
                            + json.getLocation().getColumnNr();
            return Problem.of(
                    ProblemType.MALFORMED_REQUEST,
                    "The body does not match the expected shape" + where + ": " + json.getOriginalMessage(),
                    instance,
                    requestId);
        }
        if (cause instanceof ConstraintViolationException violations) {
            return Problem.of(ProblemType.INVALID_REQUEST, violations.getMessage(), instance, requestId);
        }
        if (cause instanceof CallNotPermittedException open) {
            return Problem.of(
                    ProblemType.SERVICE_UNAVAILABLE,
                    "Circuit breaker " + open.getCausingCircuitBreakerName() + " is open",
                    instance,
                    requestId);
        }
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return Problem.of(ProblemType.GATEWAY_TIMEOUT, null, instance, requestId);
        }
        if (cause instanceof ConnectException) {
            return Problem.of(ProblemType.SERVICE_UNAVAILABLE, null, instance, requestId);
        }
        if (cause instanceof HttpOperationFailedException upstream) {
            return Problem.of(
                    upstream.getStatusCode() >= 500 ? ProblemType.SERVICE_UNAVAILABLE : ProblemType.BAD_GATEWAY,
                    "Upstream answered " + upstream.getStatusCode(),
                    instance,
                    requestId);
        }
        return Problem.of(ProblemType.INTERNAL, null, instance, requestId);
    }

    /** The most specific known exception in the cause chain (Camel wraps bean failures). */
    private static Throwable rootProblem(Throwable error) {
        Throwable current = error;
        while (current != null) {
            if (current instanceof ProblemException
                    || current instanceof JsonProcessingException
                    || current instanceof ConstraintViolationException
                    || current instanceof CallNotPermittedException
                    || current instanceof TimeoutException
                    || current instanceof HttpTimeoutException
                    || current instanceof ConnectException
                    || current instanceof HttpOperationFailedException) {
                return current;
            }
            if (current.getCause() == current) {
                break;
            }
            current = current.getCause();
        }
        return error;
    }
}
