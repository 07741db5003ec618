package com.fitplatform.gateway.payments;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hands the connection's source address to the webhook routes as {@value #HEADER} (routes cannot
 * see the servlet request); a caller's own value is always replaced. Runs after
 * CallerIdentityFilter, which drops every caller-sent X-Gateway-* header.
 */
@Component
@Order(-40)
public class SourceAddressFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Gateway-Source-Address";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        chain.doFilter(
                new HttpServletRequestWrapper(request) {
                    @Override
                    public String getHeader(String name) {
                        return HEADER.equalsIgnoreCase(name) ? address : super.getHeader(name);
                    }

                    @Override
                    public Enumeration<String> getHeaders(String name) {
                        return HEADER.equalsIgnoreCase(name)
                                ? Collections.enumeration(Set.of(address))
                                : super.getHeaders(name);
                    }

                    @Override
                    public Enumeration<String> getHeaderNames() {
                        Set<String> names = new LinkedHashSet<>();
                        for (String name : Collections.list(super.getHeaderNames())) {
                            if (!HEADER.equalsIgnoreCase(name)) {
                                names.add(name);
                            }
                        }
                        names.add(HEADER);
                        return Collections.enumeration(names);
                    }
                },
                response);
    }
}
