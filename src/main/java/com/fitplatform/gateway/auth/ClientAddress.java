package com.fitplatform.gateway.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.apache.camel.http.common.HttpMessage;
import org.springframework.stereotype.Component;

/**
 * The caller's address for rate limiting: the socket's peer, or the nearest untrusted hop of
 * {@code X-Forwarded-For} when the peer is one of the configured trusted proxies.
 */
@Component
public class ClientAddress {

    private final List<String> trustedProxies;

    public ClientAddress(AuthProperties properties) {
        this.trustedProxies = properties.trustedProxies();
    }

    public String of(Exchange exchange) {
        HttpServletRequest request = null;
        if (exchange.getIn() instanceof PlatformHttpMessage platform) {
            request = platform.getRequest();
        } else if (exchange.getIn() instanceof HttpMessage http) {
            request = http.getRequest();
        }
        if (request == null) {
            request = exchange.getIn().getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class);
        }
        if (request == null) {
            throw new IllegalStateException("No HTTP request to take the client address from");
        }
        return resolve(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
    }

    String resolve(String peer, String forwardedFor) {
        if (!trustedProxies.contains(peer) || forwardedFor == null || forwardedFor.isBlank()) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return hop.length() > 64 ? hop.substring(0, 64) : hop;
            }
        }
        return peer;
    }
}
