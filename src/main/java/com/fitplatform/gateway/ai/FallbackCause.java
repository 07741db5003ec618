package com.fitplatform.gateway.ai;

import com.fitplatform.gateway.common.audit.PiiMasker;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says why a fallback answered (breaker open, timeout, failure), for the log. */
public final class FallbackCause {

    private static final Logger log = LoggerFactory.getLogger(FallbackCause.class);

    private FallbackCause() {}

    public static String of(Exchange exchange) {
        if (Boolean.TRUE.equals(
                exchange.getProperty(ExchangePropertyKey.CIRCUIT_BREAKER_RESPONSE_REJECTED, Boolean.class))) {
            return "breaker open";
        }
        if (Boolean.TRUE.equals(
                exchange.getProperty(ExchangePropertyKey.CIRCUIT_BREAKER_RESPONSE_TIMED_OUT, Boolean.class))) {
            return "timeout";
        }
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) {
            cause = exchange.getException();
        }
        return cause == null
                ? "breaker open or timed out"
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    public static void log(String service, Exchange exchange) {
        log.warn("{} fallback answered: {}", service, PiiMasker.mask(of(exchange)));
    }
}
