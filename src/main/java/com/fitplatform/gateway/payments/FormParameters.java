package com.fitplatform.gateway.payments;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

/** Form parameters: a provider callback's query string and form body, decoded; a form body, encoded. */
public final class FormParameters {

    private FormParameters() {}

    /**
     * The callback's parameters from wherever platform-http left them: the servlet's parameter map
     * (query and form body), the raw query and body, or, failing those, the Camel headers the
     * binding made of them whose names the provider uses ({@code names}).
     */
    public static Map<String, String> of(Exchange exchange, String body, Predicate<String> names) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (exchange.getIn() instanceof PlatformHttpMessage http && http.getRequest() != null) {
            try {
                http.getRequest().getParameterMap().forEach((name, values) -> {
                    if (values.length > 0) {
                        parameters.put(name, values[0]);
                    }
                });
            } catch (RuntimeException e) {
                parameters.clear();
            }
        }
        parse(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class), parameters);
        if (body != null && !body.isBlank() && !body.trim().startsWith("{") && body.contains("=")) {
            parse(body.trim(), parameters);
        }
        if (parameters.keySet().stream().noneMatch(names)) {
            exchange.getMessage().getHeaders().forEach((name, value) -> {
                // The binding adds a parameter once per source (query, form): a list of equal values.
                Object first = value instanceof java.util.List<?> list ? (list.isEmpty() ? null : list.get(0)) : value;
                if (names.test(name) && first != null) {
                    parameters.put(name, first.toString());
                }
            });
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

    /** A form body or query string, UTF-8 percent-encoded. */
    public static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
