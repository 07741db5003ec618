package com.fitplatform.gateway.common.errors;

import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.http.common.HttpHeaderFilterStrategy;
import org.springframework.stereotype.Component;

/**
 * What a route's message headers may become in the HTTP response: only an allow-list. Without it
 * platform-http would echo the caller's request headers (Authorization among them) back.
 */
@Component("responseHeaderFilter")
public class ResponseHeaderFilter extends HttpHeaderFilterStrategy {

    private static final Set<String> ALLOWED = Set.of(
            "content-type",
            "cache-control",
            "location",
            "retry-after",
            "www-authenticate",
            "etag",
            "link",
            "idempotent-replayed",
            "content-disposition");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !ALLOWED.contains(headerName.toLowerCase(Locale.ROOT));
    }
}
