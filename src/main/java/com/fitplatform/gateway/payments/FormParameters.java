package com.fitplatform.gateway.payments;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

/** Parameters of a provider callback: the query string and a form-encoded body, decoded. */
public final class FormParameters {

    private FormParameters() {}

    public static Map<String, String> of(Exchange exchange, String body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (exchange.getIn() instanceof PlatformHttpMessage http && http.getRequest() != null) {
            // The servlet container has parsed the query and the form body (CachedBodyRequest merges both).
            http.getRequest().getParameterMap().forEach((name, values) -> {
                if (values.length > 0) {
                    parameters.put(name, values[0]);
                }
            });
            if (!parameters.isEmpty()) {
                return parameters;
            }
        }
        parse(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class), parameters);
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (body != null && type != null && type.startsWith("application/x-www-form-urlencoded")) {
            parse(body, parameters);
        }
        return parameters;
    }

    public static void parse(String encoded, Map<String, String> into) {
        if (encoded == null || encoded.isBlank()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            into.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
    }
}
