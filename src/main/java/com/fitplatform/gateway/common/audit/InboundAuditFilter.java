package com.fitplatform.gateway.common.audit;

import com.fitplatform.gateway.common.errors.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Audits every call into the gateway's integration surface ({@code /api}, {@code /webhooks},
 * {@code /ops}), whatever answered it: a route, a security refusal or the door policy.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class InboundAuditFilter extends OncePerRequestFilter {

    /** Request attribute through which a route names the failure behind an error answer. */
    public static final String ERROR_CLASS = InboundAuditFilter.class.getName() + ".errorClass";

    private final IntegrationAudit audit;

    public InboundAuditFilter(IntegrationAudit audit) {
        this.audit = audit;
    }

    private static final String STARTED = InboundAuditFilter.class.getName() + ".started";

    // Camel's platform-http answers asynchronously: the status is final only on the async dispatch.
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return !(path.startsWith("/api/") || path.startsWith("/webhooks/") || path.startsWith("/ops/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isAsyncDispatch(request)) {
            request.setAttribute(STARTED, System.nanoTime());
        }
        try {
            chain.doFilter(request, response);
        } finally {
            if (!isAsyncStarted(request)) {
                record(request, response);
            }
        }
    }

    private void record(HttpServletRequest request, HttpServletResponse response) {
        long started = (Long) request.getAttribute(STARTED);
        int status = response.getStatus();
        Object noted = request.getAttribute(ERROR_CLASS);
        String errorClass = noted != null
                ? noted.toString()
                : status >= 400 ? ProblemType.forStatus(status).name().toLowerCase() : null;
        audit.inbound(
                service(path(request)),
                request.getMethod() + " " + path(request),
                (System.nanoTime() - started) / 1_000_000,
                Integer.toString(status),
                errorClass);
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** {@code /webhooks/stripe} is {@code stripe}; {@code /api/subscriptions/1} is {@code api.subscriptions}. */
    static String service(String path) {
        String[] parts = path.split("/");
        if (parts.length < 3) {
            return parts.length == 2 ? parts[1] : "gateway";
        }
        return switch (parts[1]) {
            case "webhooks" -> parts[2];
            case "ops" -> "ops";
            default -> parts[1] + "." + parts[2];
        };
    }
}
