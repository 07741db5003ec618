package com.fitplatform.gateway.payments;

import com.fitplatform.gateway.common.audit.OutboundAuditNotifier;
import com.fitplatform.gateway.common.requestid.RequestIds;
import com.fitplatform.gateway.common.resilience.OutboundHttpClients;
import com.fitplatform.gateway.common.resilience.ResiliencePolicies;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpMethods;
import org.springframework.stereotype.Component;

/**
 * The HTTP APIs of the form/JSON/XML payment providers and of the email service, called through
 * Camel's HTTP component: one endpoint per service and base URL, whose client never retries by
 * itself and times out just after the service's policy timeout. Callers run inside
 * {@code ResilientCalls} (breaker, timeout, retries with the attempt's idempotency key, one audit
 * row per attempt), so the Camel HTTP audit notifier is told to skip these exchanges.
 * 5xx, 429 and I/O failures are outages, thrown so the breaker counts them and the chain falls
 * over; every other status is the provider's answer, returned for the adapter to read.
 */
@Component
public class ProviderEndpoints {

    /** The provider is there but failing (5xx, 429, "ask again later"). */
    public static class ProviderUnavailable extends RuntimeException {
        public ProviderUnavailable(String message) {
            super(message);
        }
    }

    /** What the provider answered: status and raw body (XML answers declare their own charset). */
    public record Answer(int status, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final CamelContext camel;
    private final ProducerTemplate template;
    private final ResiliencePolicies policies;
    private final Map<String, String> endpoints = new ConcurrentHashMap<>();

    public ProviderEndpoints(CamelContext camel, ProducerTemplate template, ResiliencePolicies policies) {
        this.camel = camel;
        this.template = template;
        this.policies = policies;
    }

    public Answer get(String service, String baseUrl, String path, Map<String, String> headers) throws Exception {
        return send(service, baseUrl, "GET", path, null, null, headers);
    }

    public Answer post(
            String service, String baseUrl, String path, String contentType, String body, Map<String, String> headers)
            throws Exception {
        return send(service, baseUrl, "POST", path, contentType, body, headers);
    }

    private Answer send(
            String service,
            String baseUrl,
            String method,
            String path,
            String contentType,
            String body,
            Map<String, String> headers)
            throws Exception {
        Exchange exchange = template.send(endpoint(service, baseUrl), outgoing -> {
            outgoing.setProperty(OutboundAuditNotifier.AUDITED_BY_CALLER, true);
            outgoing.setProperty(Exchange.CHARSET_NAME, StandardCharsets.UTF_8.name());
            Message request = outgoing.getIn();
            // The method as Camel's enum: as text it is converted on every call through a slow lookup.
            request.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(method));
            request.setHeader(Exchange.HTTP_PATH, path);
            headers.forEach(request::setHeader);
            String requestId = RequestIds.current();
            if (requestId != null) {
                request.setHeader(RequestIds.HEADER, requestId);
            }
            if (body != null) {
                request.setHeader(Exchange.CONTENT_TYPE, contentType);
                request.setBody(body);
            }
        });
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status >= 500 || status == 429) {
            throw new ProviderUnavailable(service + " answered " + status);
        }
        byte[] answer = exchange.getMessage().getBody(byte[].class);
        return new Answer(status, answer == null ? new byte[0] : answer);
    }

    /**
     * The endpoint URI of a service at a base URL; its HTTP client is bound once, under the
     * service's name, with the service's policy timeout.
     */
    private String endpoint(String service, String baseUrl) {
        return endpoints.computeIfAbsent(service + " " + baseUrl, key -> {
            String client = "payments-" + service + "-http-client";
            camel.getRegistry().bind(client, OutboundHttpClients.within(() -> policies.policy(service)
                    .timeout()));
            return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "httpClientConfigurer=#" + client
                    + "&throwExceptionOnFailure=false";
        });
    }
}
