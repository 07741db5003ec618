package com.fitplatform.gateway.payments;

import com.fitplatform.gateway.common.requestid.RequestIds;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The HTTP client the form/JSON gateway adapters share. 5xx, 429 and I/O failures are outages
 * (thrown as is, so the breaker counts them and the chain falls over); 4xx is the provider's
 * answer ({@link GatewayDeclined}).
 */
@Component("paymentProviderHttp")
public class ProviderHttp {

    /** The provider is there but failing (5xx, 429, "ask again later"). */
    public static class ProviderUnavailable extends RuntimeException {
        public ProviderUnavailable(String message) {
            super(message);
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public HttpResponse<String> send(HttpRequest.Builder request, String provider) throws Exception {
        String requestId = RequestIds.current();
        if (requestId != null) {
            request.header(RequestIds.HEADER, requestId);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 500 || status == 429) {
            throw new ProviderUnavailable(provider + " answered " + status);
        }
        return response;
    }

    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
