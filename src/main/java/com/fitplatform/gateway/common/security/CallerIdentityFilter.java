package com.fitplatform.gateway.common.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hands the authenticated caller to the routes, which run on other threads than Spring Security:
 * the request gains the headers {@value #SUBJECT}, {@value #ROLES} and {@value #SCOPES}, always set
 * here (a caller's own values are dropped), absent for anonymous requests. Routes read them as
 * Camel headers; they never reach a response or a queue unless a route copies them on purpose.
 */
@Component
@Order(-50)
public class CallerIdentityFilter extends OncePerRequestFilter {

    public static final String SUBJECT = "X-Gateway-Subject";
    public static final String ROLES = "X-Gateway-Roles";
    public static final String SCOPES = "X-Gateway-Scopes";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Map<String, String> identity = new LinkedHashMap<>();
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null
                && authentication.isAuthenticated()
                && !"anonymousUser".equals(authentication.getName())) {
            identity.put(SUBJECT, authentication.getName());
            identity.put(ROLES, authorities(authentication, "ROLE_"));
            identity.put(SCOPES, authorities(authentication, "SCOPE_"));
        }
        chain.doFilter(new WithIdentity(request, identity), response);
    }

    private static String authorities(Authentication authentication, String prefix) {
        return authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith(prefix))
                .map(a -> a.substring(prefix.length()))
                .collect(Collectors.joining(" "));
    }

    private static boolean isIdentityHeader(String name) {
        return name.toLowerCase(Locale.ROOT).startsWith("x-gateway-");
    }

    /** The request with the identity headers replaced by the authenticated ones. */
    private static final class WithIdentity extends HttpServletRequestWrapper {
        private final Map<String, String> identity;

        WithIdentity(HttpServletRequest request, Map<String, String> identity) {
            super(request);
            this.identity = identity;
        }

        @Override
        public String getHeader(String name) {
            if (isIdentityHeader(name)) {
                return identity.entrySet().stream()
                        .filter(e -> e.getKey().equalsIgnoreCase(name))
                        .map(Map.Entry::getValue)
                        .findFirst()
                        .orElse(null);
            }
            return super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (isIdentityHeader(name)) {
                String value = getHeader(name);
                return Collections.enumeration(value == null ? Set.of() : Set.of(value));
            }
            return super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            Set<String> names = new LinkedHashSet<>();
            for (String name : Collections.list(super.getHeaderNames())) {
                if (!isIdentityHeader(name)) {
                    names.add(name);
                }
            }
            names.addAll(identity.keySet());
            return Collections.enumeration(names);
        }
    }
}
